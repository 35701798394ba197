import { redeemOffer, type Database, type Offer } from '../store/index.ts';
import { OFFER_AUDIT_ACTIONS, recordOfferEvent } from './offer-audit.ts';

/** PIN attempts allowed per offer; the offer is locked when the last one fails. */
export const MAX_PIN_ATTEMPTS = 5;

/** Outcome of {@link reservePinAttempt}. */
export interface PinAttemptReservation {
  /** Whether the PIN may be checked. */
  allowed: boolean;
  /** The number of this attempt (1-based) when allowed; the attempts already made otherwise. */
  attempt: number;
}

/**
 * Reserves one PIN check for an offer before the PIN is compared, so concurrent guesses cannot exceed
 * {@link MAX_PIN_ATTEMPTS} in total. Attempts are counted durably as audit-log entries (shared by every instance
 * and kept across restarts); the offer row is locked meanwhile (SQLite: the write transaction; PostgreSQL:
 * `SELECT … FOR UPDATE`).
 *
 * @param db - the database.
 * @param offer - the offer.
 * @param at - now.
 * @returns whether a check is allowed and its number.
 * @throws StoreError on database failure.
 */
export async function reservePinAttempt(
  db: Database,
  offer: Offer,
  at: Date,
): Promise<PinAttemptReservation> {
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres')
      await tx.query('SELECT id FROM offers WHERE id = $1 FOR UPDATE', [offer.id]);
    const rows = await tx.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM audit_log WHERE organisation_id = $1 AND action = $2 AND target = $3',
      [offer.organisationId, OFFER_AUDIT_ACTIONS.pinAttempt, offer.id],
    );
    const made = Number(rows[0]?.n ?? 0);
    if (made >= MAX_PIN_ATTEMPTS) return { allowed: false, attempt: made };
    await recordOfferEvent(tx, {
      offer,
      action: OFFER_AUDIT_ACTIONS.pinAttempt,
      at,
      detail: { attempt: made + 1 },
    });
    return { allowed: true, attempt: made + 1 };
  });
}

/**
 * Locks an offer after its last PIN attempt failed: it is marked redeemed (the `offers` table has no separate
 * lock column), so it can never be exchanged for a token; the audit log tells a lock from a redemption.
 *
 * @param db - the database.
 * @param offer - the offer.
 * @param at - now.
 * @throws StoreError on database failure.
 */
export async function lockOffer(db: Database, offer: Offer, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await redeemOffer(tx, offer.id, at.toISOString());
    await recordOfferEvent(tx, {
      offer,
      action: OFFER_AUDIT_ACTIONS.lock,
      at,
      detail: { attempts: MAX_PIN_ATTEMPTS },
    });
  });
}
