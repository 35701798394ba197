/**
 * OpenID for Verifiable Credential Issuance (pre-authorised code flow, optional PIN) for credentials medtrust has
 * already issued: staff create an offer (URI + QR code), the holder's wallet redeems it and proves control of the
 * credential's subject DID. Protocol handling by `@sphereon/oid4vci-issuer` behind {@link Oid4vciProtocol}.
 */
export { createCredentialOffer, DEFAULT_OFFER_TTL_SECONDS, OFFER_TTL_BOUNDS } from './offer-service.ts';
export type { CreateCredentialOfferInput, CredentialOffer } from './offer-service.ts';
export { createOid4vciRouter } from './oid4vci-router.ts';
export { createOid4vciWellKnownRouter } from './well-known-router.ts';
export type { Oid4vciContext } from './oid4vci-context.ts';
export type {
  CredentialOfferInput,
  CredentialRequestInput,
  JsonObject,
  Oid4vciProtocol,
} from './oid4vci-protocol.ts';
export { createSphereonProtocol, SPHEREON_SPEC_VERSION } from './sphereon-protocol.ts';
export type { SphereonProtocolOptions } from './sphereon-protocol.ts';
export { silenceSphereonLogging } from './sphereon-logging.ts';
export {
  CREDENTIAL_CONFIGURATIONS,
  CREDENTIAL_FORMAT,
  configurationById,
  configurationForTypes,
} from './credential-configurations.ts';
export type { CredentialConfiguration } from './credential-configurations.ts';
export { verifyHolderProof, HolderProofError, PROOF_JWT_TYP } from './holder-proof-verifier.ts';
export type { HolderProofCheck, VerifiedHolderProof } from './holder-proof-verifier.ts';
export {
  createHolderDidResolver,
  resolveLocalHolderDid,
  isLocalHolderDidMethod,
  didKeyOf,
  didJwkOf,
} from './holder-did-resolver.ts';
export { OAuthError, isOAuthError, sendOAuthError } from './oauth-error.ts';
export type { OAuthErrorCode } from './oauth-error.ts';
export { MAX_PIN_ATTEMPTS } from './pin-attempts.ts';
export { OFFER_AUDIT_ACTIONS, WALLET_ACTOR } from './offer-audit.ts';
export type { OfferAuditAction } from './offer-audit.ts';
export { PIN_LENGTH } from './offer-secrets.ts';
