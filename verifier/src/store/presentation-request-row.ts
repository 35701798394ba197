import type { PresentationRequestReport } from '../exchange/policy-check.ts';
import type {
  PresentationRequestRecord,
  ResponseChannel,
  StoredRequestState,
} from '../requests/presentation-request.ts';

/** One row of `verifier_presentation_requests` (times in epoch ms, the report as JSON text). */
export interface PresentationRequestRow {
  id: string;
  policy_id: string;
  nonce: string;
  domain: string;
  state: string;
  created_at: number;
  expires_at: number;
  answered_at: number | null;
  channel: string | null;
  report: string | null;
}

/** Column order of {@link rowValues}, for INSERT statements. */
export const PRESENTATION_REQUEST_COLUMNS =
  'id, policy_id, nonce, domain, state, created_at, expires_at, answered_at, channel, report';

/**
 * The values of a record in {@link PRESENTATION_REQUEST_COLUMNS} order.
 * @param record - the request.
 */
export function rowValues(record: PresentationRequestRecord): unknown[] {
  return [
    record.id,
    record.policyId,
    record.nonce,
    record.domain,
    record.state,
    record.createdAt.getTime(),
    record.expiresAt.getTime(),
    record.answeredAt?.getTime() ?? null,
    record.channel ?? null,
    record.report === undefined ? null : JSON.stringify(record.report),
  ];
}

/**
 * The record a row holds.
 * @param row - the stored row.
 */
export function recordFromRow(row: PresentationRequestRow): PresentationRequestRecord {
  return {
    id: row.id,
    policyId: row.policy_id,
    nonce: row.nonce,
    domain: row.domain,
    state: row.state as StoredRequestState,
    createdAt: new Date(Number(row.created_at)),
    expiresAt: new Date(Number(row.expires_at)),
    ...(row.answered_at === null ? {} : { answeredAt: new Date(Number(row.answered_at)) }),
    ...(row.channel === null ? {} : { channel: row.channel as ResponseChannel }),
    ...(row.report === null ? {} : { report: JSON.parse(row.report) as PresentationRequestReport }),
  };
}
