/**
 * Issuer key management: Veramo agent over sealed key records, `did:ethr` identities, signing-key rotation and the
 * fast JWT credential signer.
 */
export { KeyError, KeyErrorCodes, type KeyErrorCode } from './key-errors.ts';
export { KeySealer } from './key-sealer.ts';
export { MemoryRecordStore, type RecordStore } from './record-store.ts';
export {
  SealedPrivateKeyStore,
  type SealedKeyRecords,
  type SealedPrivateKeyRecord,
} from './private-key-store.ts';
export { RecordKeyStore, type KeyRecords } from './key-store.ts';
export { RecordDIDStore, type DidRecords } from './did-store.ts';
export {
  SigningKeyRegistry,
  type NewSigningKey,
  type SigningKeyRecord,
  type SigningKeyRecords,
  type SigningKeyStatus,
} from './signing-key-registry.ts';
export { RetirementGuardedKms } from './retirement-guarded-kms.ts';
export { AddressEthrDIDProvider } from './address-ethr-did-provider.ts';
export {
  ISSUER_KMS,
  closeIssuerAgent,
  createIssuerAgent,
  createMemoryIssuerKeyRecords,
  didNetworkName,
  signingKeysOf,
  type IssuerAgent,
  type IssuerAgentOptions,
  type IssuerKeyRecords,
} from './issuer-agent.ts';
export {
  DEFAULT_SIGNING_KEY_VALIDITY_SECONDS,
  createIssuerIdentity,
  ensureOwnerFunded,
  rotateSigningKey,
  type IssuerIdentity,
  type OwnerFundingOptions,
  type RotateSigningKeyOptions,
  type RotatedSigningKey,
} from './issuer-identity.ts';
export {
  W3C_CREDENTIALS_CONTEXT_V1,
  createCredentialSigner,
  credentialSigningBackend,
  type CredentialSigner,
  type CredentialSignerOptions,
  type JwtVerifiableCredential,
  type SignedCredential,
  type UnsignedCredentialInput,
} from './credential-signer.ts';
