export { startIssuerService, type RunningIssuer, type StartIssuerOptions } from './service.ts';
export { loadIssuerConfig, type IssuerConfig } from './config.ts';
export {
  ensureOrganisation,
  createRoleKeys,
  type OrganisationSpec,
} from './organisations/ensure-organisation.ts';
export { createConsoleLogger } from './logger.ts';
export { createIssuerApp, TYPE_ROUTES, type IssuerAppOptions } from './http/app.ts';
export type { Logger } from './http/error-handler.ts';
