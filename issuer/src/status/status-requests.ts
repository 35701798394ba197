import { ErrorCodes, MedtrustError } from '@medtrust/core';
import {
  appendAuditEntry,
  enqueueStatusChange,
  getCredential,
  setCredentialRevoked,
  setCredentialSuspended,
  type CredentialRecord,
  type Database,
  type StatusAction,
  type StatusChangeState,
} from '../store/index.ts';

/** Longest reason accepted (a short reason code or phrase, never a note about the patient). */
export const MAX_STATUS_REASON_LENGTH = 500;

/** The status actions, as accepted by {@link requestStatusChange}. */
export const STATUS_ACTIONS: readonly StatusAction[] = ['revoke', 'suspend', 'reinstate'];

/** Audit-log action recorded for each status action. */
export const STATUS_AUDIT_ACTIONS: Readonly<Record<StatusAction, string>> = {
  revoke: 'credential.revoked',
  suspend: 'credential.suspended',
  reinstate: 'credential.reinstated',
};

/** What {@link requestStatusChange} needs. */
export interface StatusChangeRequest {
  /** The calling organisation: only its own credentials can be changed. */
  organisationId: string;
  /** `urn:uuid:…` of the credential. */
  credentialId: string;
  action: StatusAction;
  /** Why (required for `revoke`, at most {@link MAX_STATUS_REASON_LENGTH} characters); stored in the queue and audit log. */
  reason?: string | null;
  /** Who asks: API key id, `cli:<user>`, `system`. */
  actor: string;
  /** Time of the request (queue `requested_at` and audit `at`); now when omitted. */
  now?: Date;
}

/** The queued change answering a {@link StatusChangeRequest}. */
export interface StatusChangeRequestResult {
  /** Id of the `status_changes` row that carries the change to the chain. */
  changeId: string;
  /** `pending` for a new change; the stored state when an idempotent repeat returns the existing change. */
  state: StatusChangeState;
}

/**
 * Revokes, suspends or reinstates one of an organisation's credentials, in ONE transaction: the credential's flag,
 * a `pending` row of the status-change queue (published on-chain later by the `StatusPublisher`) and an audit entry
 * (`credential.revoked` / `credential.suspended` / `credential.reinstated`, with the reason, never the credential's
 * contents). The change is durable when this resolves, whether or not the chain is reachable.
 *
 * Repeats are idempotent: revoking a revoked credential, or suspending a suspended one, returns the latest queued
 * change of that action and its state, without a new queue row or audit entry.
 *
 * @param db - the root database (the function opens its own transaction) or an enclosing transaction.
 * @param request - organisation, credential, action, reason, actor and time.
 * @returns the queued change and its state (`pending` for a new change).
 * @throws MedtrustError `INVALID_ARGUMENT` for an unknown action, a missing revoke reason or a reason over 500
 *   characters; `NOT_FOUND` when the organisation has no such credential (another organisation's included);
 *   `CONFLICT` to suspend or reinstate a revoked credential, to reinstate one that is not suspended, or to change a
 *   credential issued without a status entry. StoreError on database failure.
 */
export async function requestStatusChange(
  db: Database,
  request: StatusChangeRequest,
): Promise<StatusChangeRequestResult> {
  const { organisationId, credentialId, action, actor } = request;
  if (!STATUS_ACTIONS.includes(action)) {
    throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `unknown status action "${String(action)}"`);
  }
  const reason = validateReason(action, request.reason);
  const at = (request.now ?? new Date()).toISOString();

  return db.transaction(async (tx) => {
    // The UPDATE comes first: its row lock orders concurrent changes of one credential (PostgreSQL), and its
    // guarded WHERE clause is the authoritative state check.
    const changed =
      action === 'revoke'
        ? await setCredentialRevoked(tx, organisationId, credentialId)
        : await setCredentialSuspended(tx, organisationId, credentialId, action === 'suspend');
    const credential = await getCredential(tx, credentialId, organisationId);
    if (credential === undefined) {
      throw new MedtrustError(ErrorCodes.NOT_FOUND, 'no such credential for this organisation');
    }
    const slot = statusSlotOf(credential);

    if (!changed) {
      if (action !== 'revoke' && credential.revoked) {
        throw new MedtrustError(ErrorCodes.CONFLICT, `cannot ${action} a revoked credential`);
      }
      if (action === 'reinstate') {
        throw new MedtrustError(ErrorCodes.CONFLICT, 'cannot reinstate a credential that is not suspended');
      }
      // revoke of a revoked credential, suspend of a suspended one: the existing change answers
      const existing = await latestChange(tx, organisationId, credentialId, action);
      if (existing !== undefined) return { changeId: existing.id, state: existing.state };
      // the flag is set but no change was ever queued (state written by another path): queue one so the chain
      // eventually agrees with the database
    }

    const change = await enqueueStatusChange(tx, {
      organisationId,
      credentialId,
      listId: slot.listId,
      listIndex: slot.listIndex,
      action,
      reason,
      requestedAt: at,
    });
    await appendAuditEntry(tx, {
      at,
      organisationId,
      actor,
      action: STATUS_AUDIT_ACTIONS[action],
      target: credentialId,
      detail: { changeId: change.id, reason, listId: slot.listId, listIndex: slot.listIndex },
    });
    return { changeId: change.id, state: 'pending' };
  });
}

function validateReason(action: StatusAction, reason: string | null | undefined): string | null {
  if (reason !== undefined && reason !== null && typeof reason !== 'string') {
    throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'the reason must be a string');
  }
  const trimmed = reason?.trim() ?? '';
  if (action === 'revoke' && trimmed === '') {
    throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'a reason is required to revoke a credential');
  }
  if (trimmed.length > MAX_STATUS_REASON_LENGTH) {
    throw new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      `the reason is longer than ${MAX_STATUS_REASON_LENGTH} characters`,
    );
  }
  return trimmed === '' ? null : trimmed;
}

function statusSlotOf(credential: CredentialRecord): { listId: number; listIndex: number } {
  if (credential.listId === null || credential.listIndex === null) {
    throw new MedtrustError(ErrorCodes.CONFLICT, 'the credential was issued without a status entry');
  }
  return { listId: credential.listId, listIndex: credential.listIndex };
}

async function latestChange(
  db: Database,
  organisationId: string,
  credentialId: string,
  action: StatusAction,
): Promise<{ id: string; state: StatusChangeState } | undefined> {
  const rows = await db.query<{ id: string; state: StatusChangeState }>(
    `SELECT id, state FROM status_changes
     WHERE credential_id = $1 AND organisation_id = $2 AND action = $3
     ORDER BY seq DESC LIMIT 1`,
    [credentialId, organisationId, action],
  );
  return rows[0];
}
