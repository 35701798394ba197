/**
 * Re-issuing an organisation's credentials under its new identity (threat-model runbook "The owner key is
 * compromised", step 3): one resumable batch (`batches` / `batch_items`, run by {@link runBatch}) whose items are
 * the credentials issued under the old DID that are still valid.
 */
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import {
  createBatch,
  listPreviousIdentities,
  listReissueCandidates,
  type Batch,
  type Database,
} from '../store/index.ts';

/** `credentialType` of a re-issue batch (each item names its own type). */
export const REISSUE_BATCH_TYPE = 'reissue';

/** Why an original is not re-issued. */
export interface ReissueSkipped {
  /** Revoked: never re-issued. */
  revoked: string[];
  /** Suspended: not re-issued (a replacement would be active); reinstate it and re-issue again. */
  suspended: string[];
  /** Expired (`exp` / `expirationDate` not after now). */
  expired: string[];
  /** Already replaced by an earlier re-issue. */
  alreadyReplaced: string[];
}

/** What {@link createReissueBatch} did. */
export interface ReissueBatch {
  batch: Batch;
  fromDid: string;
  skipped: ReissueSkipped;
}

function decodePayload(jwt: string): Record<string, unknown> | undefined {
  const part = jwt.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param jwt - a stored credential JWT (our own: the signature is not checked).
 * @returns its `iss`, or undefined.
 */
export function issuerOfJwt(jwt: string): string | undefined {
  const iss = decodePayload(jwt)?.iss;
  return typeof iss === 'string' ? iss : undefined;
}

/**
 * Creates ONE batch re-issuing, under the organisation's current identity, every credential issued under `fromDid`
 * that is neither revoked, suspended, expired nor already replaced: same type, same `credentialSubject`, same expiry,
 * a new status slot. Each item records the credential it replaces (`credential_replacements` when issued).
 *
 * @param db - issuer database.
 * @param input - organisation, the old DID (default: its most recent previous identity), now.
 * @returns the batch (`running`, or `completed` at once when nothing is to be re-issued) and what was skipped.
 * @throws MedtrustError `CONFLICT` when the organisation has no previous identity, `INVALID_ARGUMENT` when
 *   `fromDid` is not one of its previous identities (the current DID cannot be re-issued from).
 */
export async function createReissueBatch(
  db: Database,
  input: { organisationId: string; fromDid?: string; now: Date },
): Promise<ReissueBatch> {
  const previous = await listPreviousIdentities(db, input.organisationId);
  const fromDid = input.fromDid ?? previous[previous.length - 1]?.did;
  if (fromDid === undefined) {
    throw new MedtrustError(
      ErrorCodes.CONFLICT,
      'the organisation has no previous identity to re-issue from',
    );
  }
  if (!previous.some((p) => p.did === fromDid)) {
    throw new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      'fromDid is not a previous identity of the organisation',
    );
  }
  const skipped: ReissueSkipped = { revoked: [], suspended: [], expired: [], alreadyReplaced: [] };
  const items: { row: number; payload: string }[] = [];
  for (const candidate of await listReissueCandidates(db, input.organisationId)) {
    const payload = decodePayload(candidate.jwt);
    if (payload?.iss !== fromDid) continue;
    if (candidate.revoked) skipped.revoked.push(candidate.id);
    else if (candidate.replaced) skipped.alreadyReplaced.push(candidate.id);
    else if (candidate.expiresAt !== null && Date.parse(candidate.expiresAt) <= input.now.getTime()) {
      skipped.expired.push(candidate.id);
    } else if (candidate.suspended) skipped.suspended.push(candidate.id);
    else {
      const vc = (payload.vc ?? {}) as { credentialSubject?: Record<string, unknown> };
      const credentialSubject = { ...vc.credentialSubject };
      if (credentialSubject.id === undefined && typeof payload.sub === 'string')
        credentialSubject.id = payload.sub;
      items.push({
        row: items.length + 1,
        payload: JSON.stringify({
          type: candidate.type,
          credentialSubject,
          ...(candidate.expiresAt === null ? {} : { expirationDate: candidate.expiresAt }),
          replaces: candidate.id,
        }),
      });
    }
  }
  const batch = await createBatch(db, {
    organisationId: input.organisationId,
    credentialType: REISSUE_BATCH_TYPE,
    items,
    createdAt: input.now.toISOString(),
  });
  return { batch, fromDid, skipped };
}
