export { startVerifierService, type RunningVerifier, type StartVerifierOptions } from './service.ts';
export { loadVerifierConfig, chainConfigFromEnv, type VerifierConfig } from './config.ts';
export { createConsoleLogger, silentLogger, type Logger } from './logger.ts';
export {
  createVerifierApp,
  DEFAULT_LIMITS,
  type VerifierAppDependencies,
  type VerifierLimits,
} from './http/app.ts';
export type { VerificationEngine } from './verification-engine.ts';
export { PolicyRegistry, DEFAULT_POLICIES } from './policies/policy-registry.ts';
export type { PresentationPolicy } from './policies/presentation-policy.ts';
export { doctorLicencePolicy } from './policies/doctor-licence-policy.ts';
export { supplierBatchPolicy } from './policies/supplier-batch-policy.ts';
export { hospitalAccreditationPolicy } from './policies/hospital-accreditation-policy.ts';
export { evaluateDefinition, DEFINITION_CHECK } from './exchange/definition-evaluation.ts';
export { dcqlQueryFor, type DcqlQuery } from './exchange/dcql-query.ts';
export type { PresentationRequestReport, PolicyCheckResult } from './exchange/policy-check.ts';
export type { PresentationRequestRecord, PresentationRequestState } from './requests/presentation-request.ts';
export type { PresentationRequestStore, RequestAnswer } from './requests/presentation-request-store.ts';
export { InMemoryPresentationRequestStore } from './requests/in-memory-presentation-request-store.ts';
export { PresentationRequestService } from './requests/presentation-request-service.ts';
export { createVerifierKey, type VerifierKey } from './oid4vp/verifier-key.ts';
export { oid4vpClientId, authorizationRequestUri } from './oid4vp/authorization-request.ts';
