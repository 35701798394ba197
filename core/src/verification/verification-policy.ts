/**
 * Default policy of the verifier: which credential types need an accredited issuer and which must be revocable.
 *
 * Accreditation is looked up in the on-chain `TrustRegistry` by (issuer, type, jurisdiction, issuance time), and the
 * jurisdiction comes from `credentialSubject.jurisdiction`. Only the three licensing types carry one, and they are
 * exactly the credentials a licensing body or regulator issues:
 *
 * | type                              | issuer                     | accreditation by default |
 * | --------------------------------- | -------------------------- | ------------------------ |
 * | `MedicalLicenseCredential`        | medical board              | required                 |
 * | `HospitalAccreditationCredential` | health authority           | required                 |
 * | `SupplierAccreditationCredential` | drug regulator             | required                 |
 * | `DrugBatchCredential`             | manufacturer               | not required (¹)         |
 * | `CustodyTransferCredential`       | any supply-chain actor     | not required (¹)         |
 * | `TreatmentCredential`             | hospital                   | not required (¹)         |
 * | `ReviewCredential`                | patient                    | not required             |
 *
 * (¹) These issuers prove their standing with a credential of their own (a `SupplierAccreditationCredential` or
 * `HospitalAccreditationCredential` naming their DID), which a relying party asks for in the same presentation; the
 * types carry no jurisdiction to look up. A deployment that accredits them on-chain too can add them to
 * `accreditationRequiredFor`; a credential of a required type without a `credentialSubject.jurisdiction` then fails
 * `issuer-accreditation` with `ISSUER_NOT_ACCREDITED`.
 */
export const DEFAULT_ACCREDITATION_REQUIRED_FOR: readonly string[] = Object.freeze([
  'MedicalLicenseCredential',
  'HospitalAccreditationCredential',
  'SupplierAccreditationCredential',
]);

/**
 * Types that must carry a `MedtrustStatusRegistryEntry` by default: every type an organisation issues through the
 * issuer service (which always allocates a status slot). A `ReviewCredential` is signed by a patient's wallet,
 * which owns no status list, so it may omit `credentialStatus`.
 */
export const DEFAULT_STATUS_REQUIRED_FOR: readonly string[] = Object.freeze([
  'MedicalLicenseCredential',
  'HospitalAccreditationCredential',
  'SupplierAccreditationCredential',
  'DrugBatchCredential',
  'CustodyTransferCredential',
  'TreatmentCredential',
]);

/**
 * Types that must be anchored on-chain by default (the `anchoring` check): everything an organisation issues through
 * the issuer service, whose anchor publisher registers each credential's hash under a Merkle root in the
 * `AnchorRegistry` within seconds of issuance. The anchor's block is then the time of reference: the issuer's keys
 * and accreditation are judged as of that block, not as of the date the credential claims. A `ReviewCredential` is
 * self-attested by a patient's wallet (which anchors nothing); it is bound to an anchored `TreatmentCredential`
 * instead.
 */
export const DEFAULT_ANCHOR_REQUIRED_FOR: readonly string[] = DEFAULT_STATUS_REQUIRED_FOR;

/**
 * Longest accepted delay between a credential's issuance date (`nbf`) and the block that anchors it, seconds (24 h):
 * bounds how far back an issuer's key can date what it signs. The issuer service anchors within seconds.
 */
export const DEFAULT_ANCHOR_MAX_LAG_SECONDS = 86_400;

/** Where a credential type's subject carries its own validity window (the licence's or accreditation's dates). */
export interface SubjectValidityFields {
  /** The `credentialSubject` member holding the first valid day (or instant). */
  readonly from: string;
  /** The `credentialSubject` member holding the last valid day (or the instant validity ends). */
  readonly until: string;
  /** What the window is of, in words: `licence` or `accreditation`. */
  readonly what: 'licence' | 'accreditation';
}

/**
 * The ONE list of credential types whose subject carries a validity window of its own, and its field names (every
 * schema under `schemas/<Type>/v1/schema.json` with subject-level dates). The `validity` check judges this window
 * together with the credential's own `nbf` / `exp`: a licence that lapsed is not valid, however long the credential
 * itself runs. Date-only values (`YYYY-MM-DD`, as the schemas require) are whole days in UTC: `validFrom` from
 * 00:00:00Z of its day, `validUntil` through 23:59:59.999Z of its day (see `subject-validity.ts`).
 *
 * | type                              | from        | until        |
 * | --------------------------------- | ----------- | ------------ |
 * | `MedicalLicenseCredential`        | `validFrom` | `validUntil` |
 * | `HospitalAccreditationCredential` | `validFrom` | `validUntil` |
 * | `SupplierAccreditationCredential` | `validFrom` | `validUntil` |
 */
export const SUBJECT_VALIDITY_FIELDS = Object.freeze({
  MedicalLicenseCredential: Object.freeze({ from: 'validFrom', until: 'validUntil', what: 'licence' }),
  HospitalAccreditationCredential: Object.freeze({
    from: 'validFrom',
    until: 'validUntil',
    what: 'accreditation',
  }),
  SupplierAccreditationCredential: Object.freeze({
    from: 'validFrom',
    until: 'validUntil',
    what: 'accreditation',
  }),
} as const) satisfies Readonly<Record<string, SubjectValidityFields>>;

/** Default tolerated clock skew, seconds. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** DID methods the verifier accepts; any other fails `did-resolution` with `DID_METHOD_UNSUPPORTED`. */
export const SUPPORTED_DID_METHODS: readonly string[] = Object.freeze(['ethr', 'key', 'web']);

/**
 * Size limits on untrusted input (anything larger or deeper fails `format` with `FORMAT_INVALID`).
 */
export const VERIFICATION_LIMITS = Object.freeze({
  /** Characters of one credential's compact JWT. */
  maxCredentialJwtLength: 65_536,
  /** Characters of a presentation's compact JWT (it embeds its credentials). */
  maxPresentationJwtLength: 1_048_576,
  /** Credentials in one presentation. */
  maxCredentialsPerPresentation: 32,
  /** Nesting depth of any JSON value (header, payload, JSON-form input). */
  maxJsonDepth: 32,
  /** Objects, arrays and values in one JSON-form input. */
  maxJsonNodes: 100_000,
  /** Verification methods tried for one signature (a hostile DID document could list thousands). */
  maxKeysPerSignature: 16,
});

/**
 * Types whose subject is, by design, someone other than the party that signs and presents them: a patient's
 * `ReviewCredential` is about the reviewed doctor or hospital, issued and presented by its author. In a presentation,
 * `holder-binding` accepts such a credential when the presentation's signer is its issuer.
 */
export const SELF_ATTESTED_TYPES: readonly string[] = Object.freeze(['ReviewCredential']);
