import QRCode from 'qrcode';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { createOffer } from '../store/index.ts';
import { OFFER_AUDIT_ACTIONS, recordOfferEvent } from './offer-audit.ts';
import { generatePin, generatePreAuthorizedCode, hashPin, PIN_TX_CODE } from './offer-secrets.ts';
import type { Oid4vciContext } from './oid4vci-context.ts';
import { oid4vciRuntime } from './oid4vci-runtime.ts';
import { describeStoredCredential } from './stored-credential.ts';

/** Default offer lifetime (seconds). */
export const DEFAULT_OFFER_TTL_SECONDS = 600;
/** Shortest and longest offer lifetimes accepted (seconds). */
export const OFFER_TTL_BOUNDS = { min: 30, max: 86_400 } as const;

/** What {@link createCredentialOffer} needs. */
export interface CreateCredentialOfferInput {
  /** The issuing organisation. */
  organisationId: string;
  /** The already issued (and stored) credential to deliver. */
  credentialId: string;
  /** Whether the wallet must also enter a 6-digit PIN (given to the holder through another channel). */
  pin?: boolean;
  /** Offer lifetime in seconds; default 600. */
  ttlSeconds?: number;
  /**
   * Put the offer behind `credential_offer_uri` (smaller QR code; the wallet fetches it from
   * `<baseUrl>/credential-offers/<code>`) instead of inline `credential_offer` (the default).
   */
  byReference?: boolean;
  /** Who creates the offer, for the audit log (API key id, `cli:<user>`); default `system`. */
  actor?: string;
}

/** A created offer. The URI, QR code and PIN are returned once and never stored. */
export interface CredentialOffer {
  /** Offer id (for staff and the audit log). */
  offerId: string;
  /** `openid-credential-offer://?credential_offer=…` (or `?credential_offer_uri=…`). */
  offerUri: string;
  /** The offer URI as a QR code, `data:image/png;base64,…`. */
  qrPngDataUrl: string;
  /** The PIN to hand to the holder separately, when one was requested. */
  pin?: string;
  /** ISO-8601 UTC expiry. */
  expiresAt: string;
}

/**
 * Creates an OID4VCI credential offer (pre-authorised code flow) for a credential already issued and stored. The
 * pre-authorised code (256 random bits) and the optional PIN (6 random digits) are only stored hashed (SHA-256 for
 * the code, salted scrypt for the PIN); the offer is single use and expires after `ttlSeconds`.
 *
 * The credential must be a JWT VC of a medtrust type issued to a holder DID this service can verify key proofs
 * for (`did:key`, `did:jwk`, and `did:ethr` when the context has a DID resolver): the wallet must prove control of
 * that DID to receive it.
 *
 * @param ctx - the OID4VCI context.
 * @param input - organisation, credential, PIN and lifetime.
 * @returns the offer URI, its QR code, the PIN (once) and the expiry.
 * @throws MedtrustError `INVALID_ARGUMENT` (bad lifetime, credential without a supported subject DID),
 *   `NOT_FOUND` (no such credential); StoreError on database failure.
 */
export async function createCredentialOffer(
  ctx: Oid4vciContext,
  input: CreateCredentialOfferInput,
): Promise<CredentialOffer> {
  const runtime = oid4vciRuntime(ctx);
  const ttlSeconds = input.ttlSeconds ?? DEFAULT_OFFER_TTL_SECONDS;
  if (
    !Number.isInteger(ttlSeconds) ||
    ttlSeconds < OFFER_TTL_BOUNDS.min ||
    ttlSeconds > OFFER_TTL_BOUNDS.max
  ) {
    throw new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      `ttlSeconds must be an integer from ${OFFER_TTL_BOUNDS.min} to ${OFFER_TTL_BOUNDS.max}`,
    );
  }
  const jwt = await ctx.loadCredentialJwt(input.organisationId, input.credentialId);
  if (jwt === undefined) {
    throw new MedtrustError(
      ErrorCodes.NOT_FOUND,
      'no deliverable credential with that id in this organisation',
    );
  }
  const { configuration, subjectDid } = describeStoredCredential(jwt);
  if (subjectDid === undefined || !runtime.supportsHolderDid(subjectDid)) {
    throw new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      'the credential subject must be a did:key or did:jwk (or did:ethr with a DID resolver) to be delivered over OID4VCI',
    );
  }

  const preAuthorizedCode = generatePreAuthorizedCode();
  const pin = input.pin === true ? generatePin() : undefined;
  const pinHash = pin === undefined ? null : await hashPin(pin);
  const now = runtime.now();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  const offer = await ctx.db.transaction(async (tx) => {
    const created = await createOffer(tx, {
      organisationId: input.organisationId,
      credentialId: input.credentialId,
      preAuthorizedCode,
      pinHash,
      expiresAt,
    });
    await recordOfferEvent(tx, {
      offer: created,
      action: OFFER_AUDIT_ACTIONS.create,
      at: now,
      actor: input.actor ?? 'system',
      detail: { credentialId: input.credentialId, pin: pin !== undefined, expiresAt },
    });
    return created;
  });

  const credentialOffer = runtime.protocol.createCredentialOffer({
    configurationId: configuration.id,
    preAuthorizedCode,
    ...(pin !== undefined && { txCode: PIN_TX_CODE }),
  });
  const offerUri = runtime.protocol.credentialOfferUri(
    credentialOffer,
    input.byReference === true ? `${runtime.baseUrl}/credential-offers/${preAuthorizedCode}` : undefined,
  );
  const qrPngDataUrl = await QRCode.toDataURL(offerUri, { errorCorrectionLevel: 'M', margin: 2 });
  return { offerId: offer.id, offerUri, qrPngDataUrl, ...(pin !== undefined && { pin }), expiresAt };
}
