import type { Principal } from './auth.ts';

/** Result of issuing one credential. */
export interface IssuedCredential {
  credentialId: string;
  /** W3C JSON form with a `JwtProof2020` proof (VC-API response shape). */
  verifiableCredential: Record<string, unknown>;
  jwt: string;
  listId: number;
  index: number;
}

/** A requested status change and its on-chain state. */
export interface StatusChangeReceipt {
  changeId: string;
  state: 'pending' | 'sent' | 'confirmed';
}

/** A credential offer for OID4VCI wallets. */
export interface CredentialOfferView {
  offerUri: string;
  qrPngDataUrl: string;
  /** The transaction code (PIN), shown once when requested. */
  pin?: string;
  expiresAt: string;
}

/**
 * What the HTTP layer asks of the issuer: every operation is scoped to the calling organisation (from the
 * principal). Implemented by the service wiring over the issuance, status, batch, offer and key modules; the routes
 * stay thin adapters. Operations throw `MedtrustError` with stable codes (`SCHEMA_INVALID` with a `pointer`,
 * `FORBIDDEN`, `NOT_FOUND`, `CONFLICT`, `INVALID_ARGUMENT`, …), mapped to HTTP by the error handler.
 */
export interface IssuerOperations {
  /** Issues one credential (VC-API `credential` body shape) as the caller's organisation. */
  issue(principal: Principal, credential: unknown): Promise<IssuedCredential>;
  /** Revokes, suspends or reinstates one of the organisation's credentials (queued for the chain). */
  changeStatus(
    principal: Principal,
    credentialId: string,
    action: 'revoke' | 'suspend' | 'reinstate',
    reason: string,
  ): Promise<StatusChangeReceipt>;
  /** Stores a batch (CSV or JSON lines) durably and starts it; returns at once. */
  startBatch(
    principal: Principal,
    credentialType: string,
    format: 'csv' | 'jsonl',
    body: string,
  ): Promise<{ batchId: string; total: number }>;
  /** Creates an OID4VCI offer for an issued credential. */
  createOffer(
    principal: Principal,
    credentialId: string,
    options: { pin: boolean },
  ): Promise<CredentialOfferView>;
  /** Rotates the organisation's signing key (admin). */
  rotateSigningKey(principal: Principal): Promise<{ kid: string; retiredKid: string; txHash: string }>;
  /** Gives the organisation a fresh did:ethr identity, keeping the old one recorded (admin). */
  replaceIdentity(principal: Principal): Promise<{ did: string; previousDid: string }>;
  /** Stores ONE resumable batch re-issuing the still-valid credentials of a previous identity and starts it. */
  startReissue(principal: Principal, fromDid: string | undefined): Promise<ReissueStarted>;
  /** Creates the OID4VCI offers of a re-issue batch's credentials whose originals were offered. */
  createReissueOffers(principal: Principal, batchId: string): Promise<ReissueOffers>;
}

/** Answer of {@link IssuerOperations.startReissue}. */
export interface ReissueStarted {
  batchId: string;
  total: number;
  fromDid: string;
  /** Originals not re-issued, by reason (credential ids). */
  skipped: { revoked: string[]; suspended: string[]; expired: string[]; alreadyReplaced: string[] };
}

/** Answer of {@link IssuerOperations.createReissueOffers}; URIs and PINs are shown once. */
export interface ReissueOffers {
  offers: (CredentialOfferView & { offerId: string; credentialId: string; replaces: string })[];
}
