import { appendAuditEntry, type Database, type Offer } from '../store/index.ts';

/** Audit-log actions of the OID4VCI flow (target: the offer id; details never hold codes, PINs or claims). */
export const OFFER_AUDIT_ACTIONS = {
  /** Staff created an offer. */
  create: 'oid4vci.offer.create',
  /** A wallet sent a PIN for the offer (counted to lock the offer after too many). */
  pinAttempt: 'oid4vci.offer.pin_attempt',
  /** Too many PIN attempts: the offer can no longer be redeemed. */
  lock: 'oid4vci.offer.lock',
  /** A wallet redeemed the offer for an access token. */
  redeem: 'oid4vci.offer.redeem',
  /** The credential was delivered to the wallet. */
  deliver: 'oid4vci.credential.deliver',
} as const;

/** One of {@link OFFER_AUDIT_ACTIONS}. */
export type OfferAuditAction = (typeof OFFER_AUDIT_ACTIONS)[keyof typeof OFFER_AUDIT_ACTIONS];

/** Actor recorded for wallet-initiated events. */
export const WALLET_ACTOR = 'oid4vci:wallet';

/**
 * Appends an audit entry about an offer.
 *
 * @param db - database or transaction.
 * @param event - the offer, the action, when, who (default {@link WALLET_ACTOR}) and non-personal details.
 * @throws StoreError on database failure.
 */
export async function recordOfferEvent(
  db: Database,
  event: {
    offer: Pick<Offer, 'id' | 'organisationId'>;
    action: OfferAuditAction;
    at: Date;
    actor?: string;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await appendAuditEntry(db, {
    at: event.at.toISOString(),
    organisationId: event.offer.organisationId,
    actor: event.actor ?? WALLET_ACTOR,
    action: event.action,
    target: event.offer.id,
    detail: event.detail ?? null,
  });
}
