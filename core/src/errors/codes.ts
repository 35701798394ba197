/**
 * Every stable error code of medtrust, in one place. Codes are SCREAMING_SNAKE, documented in
 * `docs/error-codes.md`, and never renamed: clients and tests match on them, not on messages.
 */
export const ErrorCodes = {
  // --- request and configuration -------------------------------------------------------------
  /** A request body or argument is malformed (wrong type, missing field). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** The service is misconfigured (missing setting, unknown network). */
  CONFIGURATION_INVALID: 'CONFIGURATION_INVALID',
  /** An unexpected server-side failure; the response carries only a request id. */
  INTERNAL: 'INTERNAL',
  /** The request body is not valid JSON (or not the declared content type). */
  INVALID_JSON: 'INVALID_JSON',
  /** The request body exceeds the route's size limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** No valid credentials (API key or bearer token) were presented. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller's role or organisation may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The resource does not exist (or is not visible to the caller's organisation). */
  NOT_FOUND: 'NOT_FOUND',
  /** The request conflicts with the current state (e.g. revoking an already revoked credential differently). */
  CONFLICT: 'CONFLICT',
  /** Too many requests from this client; retry after the indicated delay. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The verifier's verification queue is full (admission control): retry after `Retry-After`; nothing was lost. */
  OVERLOADED: 'OVERLOADED',

  // --- keys -------------------------------------------------------------------------------------------
  /** A sealed private key could not be opened: wrong sealing secret, tampered or malformed record. */
  KEY_UNSEAL_FAILED: 'KEY_UNSEAL_FAILED',
  /** The signing key was retired by a rotation and may never sign a credential again. */
  KEY_RETIRED: 'KEY_RETIRED',
  /** No such key (or no active signing key) is known for the DID. */
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',

  // --- storage (issuer database) ------------------------------------------------------------------
  /** The database cannot be reached or opened. */
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** A UNIQUE or PRIMARY KEY constraint refused the write. */
  STORE_CONFLICT: 'STORE_CONFLICT',
  /** An append-only table (the audit log) refused an UPDATE, DELETE or TRUNCATE. */
  STORE_APPEND_ONLY: 'STORE_APPEND_ONLY',
  /** The store was given an argument it cannot use (parameter type, cursor, schema name, URL). */
  STORE_INVALID_ARGUMENT: 'STORE_INVALID_ARGUMENT',
  /** Any other database failure. */
  STORE_ERROR: 'STORE_ERROR',

  // --- chain and deployment ---------------------------------------------------------------------
  /** The EVM node cannot be reached or did not answer in time. */
  CHAIN_UNAVAILABLE: 'CHAIN_UNAVAILABLE',
  /** The embedded local chain could not start. */
  LOCAL_CHAIN_UNAVAILABLE: 'LOCAL_CHAIN_UNAVAILABLE',
  /** Deploying the registries failed. */
  DEPLOYMENT_FAILED: 'DEPLOYMENT_FAILED',
  /** No registry deployment is known for the configured chain id, or the chain id differs. */
  DEPLOYMENT_NOT_FOUND: 'DEPLOYMENT_NOT_FOUND',
  /** A registry call reverted; the detail names the contract's custom error. */
  CONTRACT_REVERTED: 'CONTRACT_REVERTED',

  // --- verification report (per check) ---------------------------------------------------------
  /** The credential or presentation does not parse or lacks required fields. */
  FORMAT_INVALID: 'FORMAT_INVALID',
  /** The signature does not verify against the issuer's keys. */
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  /** The JWS algorithm is not on the allow-list (ES256K, ES256K-R, EdDSA). */
  ALG_NOT_ALLOWED: 'ALG_NOT_ALLOWED',
  /** The DID method is not supported. */
  DID_METHOD_UNSUPPORTED: 'DID_METHOD_UNSUPPORTED',
  /** The DID could not be resolved (not found, or the resolver failed). */
  DID_UNRESOLVABLE: 'DID_UNRESOLVABLE',
  /** The issuer was not accredited for this credential type and jurisdiction at issuance. */
  ISSUER_NOT_ACCREDITED: 'ISSUER_NOT_ACCREDITED',
  /** The credential's expiration date has passed. */
  CREDENTIAL_EXPIRED: 'CREDENTIAL_EXPIRED',
  /** The credential is not valid yet. */
  CREDENTIAL_NOT_YET_VALID: 'CREDENTIAL_NOT_YET_VALID',
  /** The licence or accreditation the subject carries lapsed: `credentialSubject.validUntil` has passed. */
  SUBJECT_VALIDITY_ENDED: 'SUBJECT_VALIDITY_ENDED',
  /** The licence or accreditation the subject carries is not valid yet: `credentialSubject.validFrom` is later. */
  SUBJECT_VALIDITY_NOT_STARTED: 'SUBJECT_VALIDITY_NOT_STARTED',
  /** The credential was revoked in the on-chain status registry. */
  CREDENTIAL_REVOKED: 'CREDENTIAL_REVOKED',
  /** The credential is suspended in the on-chain status registry. */
  CREDENTIAL_SUSPENDED: 'CREDENTIAL_SUSPENDED',
  /** The on-chain status could not be read (chain down, list missing): fail closed. */
  STATUS_UNAVAILABLE: 'STATUS_UNAVAILABLE',
  /** The credential violates its JSON Schema. */
  SCHEMA_INVALID: 'SCHEMA_INVALID',
  /** A presentation is not signed by the subject of a credential it carries. */
  HOLDER_MISMATCH: 'HOLDER_MISMATCH',
  /** The presentation's nonce is unknown, expired or missing. */
  CHALLENGE_INVALID: 'CHALLENGE_INVALID',
  /** The presentation's nonce was already used. */
  CHALLENGE_REPLAYED: 'CHALLENGE_REPLAYED',
  /** The presentation's audience is not this verifier. */
  DOMAIN_MISMATCH: 'DOMAIN_MISMATCH',
  /**
   * The JWT's `iss` differs from the issuer (credential) or holder (presentation) named by its own payload
   * (`vc.issuer`, VCDM 2.0 `issuer` / `holder`).
   */
  ISSUER_MISMATCH: 'ISSUER_MISMATCH',
  /**
   * A credential's JSON form (e.g. with a `JwtProof2020` proof) is not the credential its JWT carries: a member was
   * edited, added or left out (`credentialSubject`, `type`, dates, `@context`, `credentialStatus`, `issuer`, `id`, …).
   */
  CREDENTIAL_JSON_MISMATCH: 'CREDENTIAL_JSON_MISMATCH',
  /** A presentation's JSON form is not the presentation its JWT carries (holder, credentials or any other member). */
  PRESENTATION_JSON_MISMATCH: 'PRESENTATION_JSON_MISMATCH',
  /**
   * The credential's `credentialStatus` cannot be checked: missing where the type requires it, not a
   * `MedtrustStatusRegistryEntry`, another registry than the configured one, or a list not owned by the issuer.
   */
  STATUS_ENTRY_INVALID: 'STATUS_ENTRY_INVALID',
  /** The trust registry could not be read (chain down): the accreditation check fails closed. */
  ACCREDITATION_UNAVAILABLE: 'ACCREDITATION_UNAVAILABLE',
  /**
   * The credential's type must be anchored on-chain, and no anchor proof for it was presented or could be found: its
   * issuer never registered it (or the proof was withheld).
   */
  ANCHOR_MISSING: 'ANCHOR_MISSING',
  /**
   * The credential is known to its issuer but not anchored yet (the next flush registers it, within seconds), or its
   * proof names a block this verifier has not seen yet: check again shortly.
   */
  ANCHOR_PENDING: 'ANCHOR_PENDING',
  /**
   * The anchor proof does not prove this credential: malformed, another credential's hash, another issuer, chain or
   * registry, an inclusion path that does not lead to its root, no such anchor in the block it names, or anchored
   * before the credential says it was issued.
   */
  ANCHOR_INVALID: 'ANCHOR_INVALID',
  /** The credential was anchored later after its issuance date (`nbf`) than the verifier allows (24 h by default). */
  ANCHOR_LAG_EXCEEDED: 'ANCHOR_LAG_EXCEEDED',
  /** The anchor registry or the issuer's proof endpoint could not be read (chain or network down): fails closed. */
  ANCHOR_UNAVAILABLE: 'ANCHOR_UNAVAILABLE',

  // --- verifier service (presentation requests) --------------------------------------------------
  /** The presentation does not satisfy the presentation request's Presentation Exchange definition. */
  PRESENTATION_DEFINITION_UNSATISFIED: 'PRESENTATION_DEFINITION_UNSATISFIED',

  // --- drug provenance (core/src/provenance) ---------------------------------------------------------
  /**
   * The custody chain is broken: it does not start at the batch's manufacturer, a transfer's sender is not the
   * previous receiver (or not its signer), `previousTransfer` / `batch` / `batchCredentialHash` do not link, a
   * transfer is missing or dated before the previous one, or the chain does not end at the presenting party.
   */
  PROVENANCE_GAP: 'PROVENANCE_GAP',
  /**
   * A supply-chain party was not accredited when it acted: no valid, unrevoked `SupplierAccreditationCredential` as
   * of that date, or the on-chain trust registry does not accredit it for the step's type key and jurisdiction.
   */
  SUPPLIER_NOT_ACCREDITED: 'SUPPLIER_NOT_ACCREDITED',
  /** A transfer hands over more than its sender received, or a party sent out more than it received in total. */
  QUANTITY_EXCEEDED: 'QUANTITY_EXCEEDED',
  /** The batch's expiry date has passed. */
  BATCH_EXPIRED: 'BATCH_EXPIRED',
  /** The manufacturer revoked or suspended the batch credential on-chain (a recall). */
  BATCH_RECALLED: 'BATCH_RECALLED',

  // --- treatments and reviews (core/src/reviews) -------------------------------------------------------
  /** The review carries no treatment, or its `treatmentCredentialHash` is not the hash of the treatment given. */
  REVIEW_WITHOUT_TREATMENT: 'REVIEW_WITHOUT_TREATMENT',
  /** The review's author is not the treated patient (the treatment's subject, or a DID proven to be controlled by it). */
  REVIEW_AUTHOR_MISMATCH: 'REVIEW_AUTHOR_MISMATCH',
  /** The review is about neither the treatment's doctor nor its hospital. */
  REVIEW_SUBJECT_MISMATCH: 'REVIEW_SUBJECT_MISMATCH',
  /** The doctor held no valid, unrevoked, unsuspended `MedicalLicenseCredential` on the treatment date. */
  LICENCE_NOT_VALID_AT_TREATMENT: 'LICENCE_NOT_VALID_AT_TREATMENT',
  /** The hospital held no valid, unrevoked, unsuspended `HospitalAccreditationCredential` on the treatment date. */
  HOSPITAL_NOT_ACCREDITED_AT_TREATMENT: 'HOSPITAL_NOT_ACCREDITED_AT_TREATMENT',
  /** The treatment credential is revoked or suspended by its hospital. */
  TREATMENT_REVOKED: 'TREATMENT_REVOKED',
  /** The treatment credential is not issued by the hospital it names. */
  TREATMENT_ISSUER_MISMATCH: 'TREATMENT_ISSUER_MISMATCH',
  /** The treatment date is malformed, in the future, or later than the day the treatment credential was issued. */
  TREATMENT_DATE_INVALID: 'TREATMENT_DATE_INVALID',
  /** A reply to a review is not signed by the treating doctor. */
  REPLY_NOT_BY_TREATING_DOCTOR: 'REPLY_NOT_BY_TREATING_DOCTOR',
  /** A reply to a review is bound to another review (its `reviewHash` differs). */
  REPLY_REVIEW_MISMATCH: 'REPLY_REVIEW_MISMATCH',

  /**
   * An injected credential lookup (`accreditationsOf`, `licencesOf`, `hospitalAccreditationsOf`) failed: the check
   * that needed it fails closed (`status: error`).
   */
  CREDENTIAL_LOOKUP_UNAVAILABLE: 'CREDENTIAL_LOOKUP_UNAVAILABLE',

  // --- dispute evidence (core/src/evidence) --------------------------------------------------------------
  /** An evidence bundle is malformed, of an unknown format version, or for another chain or registry. */
  EVIDENCE_BUNDLE_INVALID: 'EVIDENCE_BUNDLE_INVALID',

  // --- public directory (verifier/src/directory) ---------------------------------------------------------
  /** A directory feed could not be read (unreachable, HTTP error, timeout, malformed page); its cursor is kept. */
  DIRECTORY_FEED_UNAVAILABLE: 'DIRECTORY_FEED_UNAVAILABLE',
  /**
   * A feed item is not a credential a directory lists: a type issuers never publish (a `TreatmentCredential` or
   * `ReviewCredential` carries patient data) or no medtrust type at all. It is kept out and counted.
   */
  DIRECTORY_TYPE_NOT_PUBLISHABLE: 'DIRECTORY_TYPE_NOT_PUBLISHABLE',
} as const;

/** One stable error code. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
