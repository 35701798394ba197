/* eslint-disable */
/**
 * GENERATED FILE - DO NOT EDIT.
 * TypeScript types of the medtrust credentials, generated from the JSON Schemas in schemas/<Type>/v<N>/schema.json
 * (newest version of each type) by json-schema-to-typescript. Regenerate with:
 *   npx tsx schemas/scripts/generate-types.ts
 */

/**
 * Any medtrust credential (newest schema version of each type).
 */
export type KnownCredential =
  | MedicalLicenseCredential
  | HospitalAccreditationCredential
  | SupplierAccreditationCredential
  | DrugBatchCredential
  | CustodyTransferCredential
  | TreatmentCredential
  | ReviewCredential;
/**
 * The credential issuer (W3C VCDM 1.1): its DID, or an object whose id is its DID.
 */
export type Issuer = string | IssuerObject;

/**
 * A licensing authority (medical board) attests that a doctor holds a licence to practise medicine in a jurisdiction.
 */
export interface MedicalLicenseCredential {
  /**
   * JSON-LD contexts; must contain https://www.w3.org/2018/credentials/v1.
   *
   * @minItems 1
   */
  '@context': (
    | string
    | {
        [k: string]: unknown;
      }
  )[];
  /**
   * Optional URI identifying this credential.
   */
  id?: string;
  /**
   * Credential types: must contain both VerifiableCredential and MedicalLicenseCredential.
   */
  type: string[];
  issuer: Issuer;
  /**
   * When the credential was issued.
   */
  issuanceDate: string;
  /**
   * When the credential stops being valid, if ever.
   */
  expirationDate?: string;
  /**
   * The JSON Schema this credential conforms to: this schema.
   */
  credentialSchema: {
    /**
     * The $id of this schema.
     */
    id: 'https://schemas.medtrust.dev/MedicalLicenseCredential/v1/schema.json';
    /**
     * Schema validation method: always JsonSchema.
     */
    type: 'JsonSchema';
    [k: string]: unknown;
  };
  credentialStatus?: MedtrustStatusRegistryEntry;
  credentialSubject: MedicalLicenseCredentialSubject;
  [k: string]: unknown;
}
/**
 * Issuer given as an object (other members allowed, as VCDM 1.1 permits).
 */
export interface IssuerObject {
  /**
   * DID of the issuer.
   */
  id: string;
  /**
   * Display name of the issuer.
   */
  name?: string;
  [k: string]: unknown;
}
/**
 * Points at one slot of an on-chain StatusRegistry list: (statusIssuer, statusListId, statusListIndex) on the contract statusRegistry.
 */
export interface MedtrustStatusRegistryEntry {
  /**
   * URI identifying this status entry (VCDM 1.1 credentialStatus.id).
   */
  id: string;
  /**
   * Status method: always MedtrustStatusRegistryEntry.
   */
  type: 'MedtrustStatusRegistryEntry';
  /**
   * Address of the StatusRegistry contract.
   */
  statusRegistry: string;
  /**
   * Issuer identity address that owns the status list.
   */
  statusIssuer: string;
  /**
   * Status list id (uint64): a non-negative integer, or its decimal string when it exceeds JavaScript's safe integers.
   */
  statusListId: string | number;
  /**
   * Index of this credential's slot in the status list.
   */
  statusListIndex: number;
}
/**
 * The licensed doctor and the licence.
 */
export interface MedicalLicenseCredentialSubject {
  /**
   * DID of the licensed doctor.
   */
  id: string;
  /**
   * Full name of the doctor as registered with the licensing authority.
   */
  name: string;
  /**
   * Licence number assigned by the licensing authority.
   */
  licenseNumber: string;
  /**
   * Where the licence is valid (ISO 3166-1 alpha-2 or ISO 3166-2 code).
   */
  jurisdiction: string;
  /**
   * Recognised medical specialty, e.g. Plastic, Reconstructive and Aesthetic Surgery.
   */
  specialty: string;
  /**
   * Activities the licence covers (at least one).
   *
   * @minItems 1
   */
  scopeOfPractice: string[];
  /**
   * First day the licence is valid.
   */
  validFrom: string;
  /**
   * Last day the licence is valid.
   */
  validUntil: string;
}
/**
 * A health authority attests that a hospital or clinic is registered and accredited for a set of services in a jurisdiction.
 */
export interface HospitalAccreditationCredential {
  /**
   * JSON-LD contexts; must contain https://www.w3.org/2018/credentials/v1.
   *
   * @minItems 1
   */
  '@context': (
    | string
    | {
        [k: string]: unknown;
      }
  )[];
  /**
   * Optional URI identifying this credential.
   */
  id?: string;
  /**
   * Credential types: must contain both VerifiableCredential and HospitalAccreditationCredential.
   */
  type: string[];
  issuer: Issuer;
  /**
   * When the credential was issued.
   */
  issuanceDate: string;
  /**
   * When the credential stops being valid, if ever.
   */
  expirationDate?: string;
  /**
   * The JSON Schema this credential conforms to: this schema.
   */
  credentialSchema: {
    /**
     * The $id of this schema.
     */
    id: 'https://schemas.medtrust.dev/HospitalAccreditationCredential/v1/schema.json';
    /**
     * Schema validation method: always JsonSchema.
     */
    type: 'JsonSchema';
    [k: string]: unknown;
  };
  credentialStatus?: MedtrustStatusRegistryEntry;
  credentialSubject: HospitalAccreditationCredentialSubject;
  [k: string]: unknown;
}
/**
 * The accredited hospital and its accreditation.
 */
export interface HospitalAccreditationCredentialSubject {
  /**
   * DID of the accredited hospital.
   */
  id: string;
  /**
   * Registered name of the hospital.
   */
  name: string;
  /**
   * Facility registration number assigned by the health authority.
   */
  registrationNumber: string;
  /**
   * Where the accreditation is valid (ISO 3166-1 alpha-2 or ISO 3166-2 code).
   */
  jurisdiction: string;
  /**
   * Services the hospital is accredited to provide (at least one).
   *
   * @minItems 1
   */
  accreditedServices: string[];
  /**
   * First day the accreditation is valid.
   */
  validFrom: string;
  /**
   * Last day the accreditation is valid.
   */
  validUntil: string;
}
/**
 * A drug regulator attests that a supply-chain actor is authorised to handle medicines in a given role and jurisdiction.
 */
export interface SupplierAccreditationCredential {
  /**
   * JSON-LD contexts; must contain https://www.w3.org/2018/credentials/v1.
   *
   * @minItems 1
   */
  '@context': (
    | string
    | {
        [k: string]: unknown;
      }
  )[];
  /**
   * Optional URI identifying this credential.
   */
  id?: string;
  /**
   * Credential types: must contain both VerifiableCredential and SupplierAccreditationCredential.
   */
  type: string[];
  issuer: Issuer;
  /**
   * When the credential was issued.
   */
  issuanceDate: string;
  /**
   * When the credential stops being valid, if ever.
   */
  expirationDate?: string;
  /**
   * The JSON Schema this credential conforms to: this schema.
   */
  credentialSchema: {
    /**
     * The $id of this schema.
     */
    id: 'https://schemas.medtrust.dev/SupplierAccreditationCredential/v1/schema.json';
    /**
     * Schema validation method: always JsonSchema.
     */
    type: 'JsonSchema';
    [k: string]: unknown;
  };
  credentialStatus?: MedtrustStatusRegistryEntry;
  credentialSubject: SupplierAccreditationCredentialSubject;
  [k: string]: unknown;
}
/**
 * The accredited supplier and its authorisation.
 */
export interface SupplierAccreditationCredentialSubject {
  /**
   * DID of the accredited supplier.
   */
  id: string;
  /**
   * Registered name of the supplier.
   */
  name: string;
  /**
   * Authorisation or company registration number.
   */
  registrationNumber: string;
  /**
   * Where the authorisation is valid (ISO 3166-1 alpha-2 or ISO 3166-2 code).
   */
  jurisdiction: string;
  /**
   * Role of the supplier in the supply chain.
   */
  role: 'manufacturer' | 'distributor' | 'wholesaler' | 'pharmacy' | 'clinic';
  /**
   * Activities the supplier is authorised for (at least one).
   *
   * @minItems 1
   */
  authorizedActivities: string[];
  /**
   * First day the authorisation is valid.
   */
  validFrom: string;
  /**
   * Last day the authorisation is valid.
   */
  validUntil: string;
}
/**
 * A manufacturer attests the identity, size and quality certificate of one batch (lot) of a medicinal product.
 */
export interface DrugBatchCredential {
  /**
   * JSON-LD contexts; must contain https://www.w3.org/2018/credentials/v1.
   *
   * @minItems 1
   */
  '@context': (
    | string
    | {
        [k: string]: unknown;
      }
  )[];
  /**
   * Optional URI identifying this credential.
   */
  id?: string;
  /**
   * Credential types: must contain both VerifiableCredential and DrugBatchCredential.
   */
  type: string[];
  issuer: Issuer;
  /**
   * When the credential was issued.
   */
  issuanceDate: string;
  /**
   * When the credential stops being valid, if ever.
   */
  expirationDate?: string;
  /**
   * The JSON Schema this credential conforms to: this schema.
   */
  credentialSchema: {
    /**
     * The $id of this schema.
     */
    id: 'https://schemas.medtrust.dev/DrugBatchCredential/v1/schema.json';
    /**
     * Schema validation method: always JsonSchema.
     */
    type: 'JsonSchema';
    [k: string]: unknown;
  };
  credentialStatus?: MedtrustStatusRegistryEntry;
  credentialSubject: DrugBatchCredentialSubject;
  [k: string]: unknown;
}
/**
 * The drug batch.
 */
export interface DrugBatchCredentialSubject {
  /**
   * Identifier of the batch: urn:gtin:<gtin>:lot:<lot>.
   */
  id: string;
  /**
   * Product name, strength and form, e.g. Botulinum toxin type A 100 U powder for injection.
   */
  product: string;
  /**
   * GTIN of the product pack.
   */
  gtin: string;
  /**
   * Lot number of the batch.
   */
  lot: string;
  /**
   * Expiry date printed on the packs.
   */
  expiryDate: string;
  /**
   * Number of units in the batch.
   */
  quantity: number;
  /**
   * Unit that quantity counts, e.g. vial, box, blister.
   */
  unit: string;
  /**
   * Name and town of the site that manufactured the batch.
   */
  manufacturingSite: string;
  /**
   * DID of the manufacturer.
   */
  manufacturer: string;
  /**
   * SHA-256 of the certificate of analysis document of the batch.
   */
  certificateOfAnalysisHash: string;
}
/**
 * The sender attests that it handed over a quantity of a drug batch to the receiver; transfers chain back to the manufacturer.
 */
export interface CustodyTransferCredential {
  /**
   * JSON-LD contexts; must contain https://www.w3.org/2018/credentials/v1.
   *
   * @minItems 1
   */
  '@context': (
    | string
    | {
        [k: string]: unknown;
      }
  )[];
  /**
   * Optional URI identifying this credential.
   */
  id?: string;
  /**
   * Credential types: must contain both VerifiableCredential and CustodyTransferCredential.
   */
  type: string[];
  issuer: Issuer;
  /**
   * When the credential was issued.
   */
  issuanceDate: string;
  /**
   * When the credential stops being valid, if ever.
   */
  expirationDate?: string;
  /**
   * The JSON Schema this credential conforms to: this schema.
   */
  credentialSchema: {
    /**
     * The $id of this schema.
     */
    id: 'https://schemas.medtrust.dev/CustodyTransferCredential/v1/schema.json';
    /**
     * Schema validation method: always JsonSchema.
     */
    type: 'JsonSchema';
    [k: string]: unknown;
  };
  credentialStatus?: MedtrustStatusRegistryEntry;
  credentialSubject: CustodyTransferCredentialSubject;
  [k: string]: unknown;
}
/**
 * One hand-off of (part of) a drug batch.
 */
export interface CustodyTransferCredentialSubject {
  /**
   * Identifier of this transfer.
   */
  id: string;
  /**
   * Identifier of the transferred batch (the id of its DrugBatchCredential subject).
   */
  batch: string;
  /**
   * Hash of the DrugBatchCredential of the batch.
   */
  batchCredentialHash: string;
  /**
   * Number of units handed over.
   */
  quantity: number;
  /**
   * DID of the party handing the goods over.
   */
  sender: string;
  /**
   * DID of the party receiving the goods.
   */
  receiver: string;
  /**
   * Identifier of the transfer through which the sender received the goods; null for the first hand-off by the manufacturer.
   */
  previousTransfer: string | null;
  /**
   * When the goods changed hands.
   */
  transferDate: string;
}
/**
 * A hospital attests that a patient received a category of procedure from a doctor. Carries no diagnosis or clinical text.
 */
export interface TreatmentCredential {
  /**
   * JSON-LD contexts; must contain https://www.w3.org/2018/credentials/v1.
   *
   * @minItems 1
   */
  '@context': (
    | string
    | {
        [k: string]: unknown;
      }
  )[];
  /**
   * Optional URI identifying this credential.
   */
  id?: string;
  /**
   * Credential types: must contain both VerifiableCredential and TreatmentCredential.
   */
  type: string[];
  issuer: Issuer;
  /**
   * When the credential was issued.
   */
  issuanceDate: string;
  /**
   * When the credential stops being valid, if ever.
   */
  expirationDate?: string;
  /**
   * The JSON Schema this credential conforms to: this schema.
   */
  credentialSchema: {
    /**
     * The $id of this schema.
     */
    id: 'https://schemas.medtrust.dev/TreatmentCredential/v1/schema.json';
    /**
     * Schema validation method: always JsonSchema.
     */
    type: 'JsonSchema';
    [k: string]: unknown;
  };
  credentialStatus?: MedtrustStatusRegistryEntry;
  credentialSubject: TreatmentCredentialSubject;
  [k: string]: unknown;
}
/**
 * The treated patient and the coded procedure category.
 */
export interface TreatmentCredentialSubject {
  /**
   * DID of the patient (may be pairwise, i.e. used only with this hospital).
   */
  id: string;
  /**
   * DID of the treating doctor.
   */
  doctor: string;
  /**
   * DID of the hospital where the treatment took place.
   */
  hospital: string;
  /**
   * Coded procedure category (e.g. an ICHI or national procedure code such as AES-RHINO); never free text.
   */
  procedureCategory: string;
  /**
   * Date of the treatment.
   */
  treatmentDate: string;
}
/**
 * A patient reviews a doctor or hospital, bound to a TreatmentCredential they hold so only treated patients can review.
 */
export interface ReviewCredential {
  /**
   * JSON-LD contexts; must contain https://www.w3.org/2018/credentials/v1.
   *
   * @minItems 1
   */
  '@context': (
    | string
    | {
        [k: string]: unknown;
      }
  )[];
  /**
   * Optional URI identifying this credential.
   */
  id?: string;
  /**
   * Credential types: must contain both VerifiableCredential and ReviewCredential.
   */
  type: string[];
  issuer: Issuer;
  /**
   * When the credential was issued.
   */
  issuanceDate: string;
  /**
   * When the credential stops being valid, if ever.
   */
  expirationDate?: string;
  /**
   * The JSON Schema this credential conforms to: this schema.
   */
  credentialSchema: {
    /**
     * The $id of this schema.
     */
    id: 'https://schemas.medtrust.dev/ReviewCredential/v1/schema.json';
    /**
     * Schema validation method: always JsonSchema.
     */
    type: 'JsonSchema';
    [k: string]: unknown;
  };
  credentialStatus?: MedtrustStatusRegistryEntry;
  credentialSubject: ReviewCredentialSubject;
  [k: string]: unknown;
}
/**
 * The review.
 */
export interface ReviewCredentialSubject {
  /**
   * DID of the reviewed doctor or hospital.
   */
  id: string;
  /**
   * DID of the reviewing patient (may be pairwise, unlinkable to their other DIDs).
   */
  author: string;
  /**
   * Rating from 1 (worst) to 5 (best).
   */
  rating: number;
  /**
   * Review text written by the patient.
   */
  text: string;
  /**
   * Hash of the TreatmentCredential that entitles the author to review.
   */
  treatmentCredentialHash: string;
  /**
   * Date the review was written.
   */
  reviewDate: string;
}
