import type { PresentationRequestReport } from '../exchange/policy-check.ts';

/** The stored state of a presentation request; `expired` is derived from {@link PresentationRequestRecord.expiresAt}. */
export type StoredRequestState = 'pending' | 'verified' | 'rejected';

/** The state a client sees. */
export type PresentationRequestState = StoredRequestState | 'expired';

/** How a presentation request was answered. */
export type ResponseChannel = 'direct' | 'oid4vp';

/** One presentation request: a policy, a single-use nonce and (once answered) the verification report. */
export interface PresentationRequestRecord {
  /** Unguessable id (URL-safe). */
  id: string;
  /** The policy whose presentation definition the holder must satisfy. */
  policyId: string;
  /** Single-use challenge the presentation must carry (VP JWT `nonce`). */
  nonce: string;
  /** Audience the presentation must name when answered directly (VP JWT `aud`). */
  domain: string;
  state: StoredRequestState;
  createdAt: Date;
  expiresAt: Date;
  /** When the first answer that used the nonce arrived. */
  answeredAt?: Date;
  /** Which route answered it. */
  channel?: ResponseChannel;
  /** The report of that answer (its presentation-definition check included). */
  report?: PresentationRequestReport;
}

/**
 * The state of a request at `now`: a pending request past its expiry is `expired`.
 * @param record - the stored request.
 * @param now - the current time.
 */
export function stateAt(record: PresentationRequestRecord, now: Date): PresentationRequestState {
  if (record.state === 'pending' && now.getTime() >= record.expiresAt.getTime()) return 'expired';
  return record.state;
}
