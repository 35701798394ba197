import { STATUS_LABELS, type CredentialStatus } from '../lib/credential-status.ts';

/**
 * The live status of a credential as a coloured badge with text (never colour alone).
 * @param props - the status, or `checking`; `label` replaces the status's standard text (e.g. "Licence lapsed on
 *   31 December 2026 (UTC)").
 */
export function StatusBadge({ status, label }: { status: CredentialStatus | 'checking'; label?: string }) {
  const text = label ?? (status === 'checking' ? 'Checking status…' : STATUS_LABELS[status]);
  const icon =
    status === 'valid'
      ? '✓'
      : status === 'checking' || status === 'unknown' || status === 'pending'
        ? '…'
        : '✕';
  return (
    <span className={`badge badge-${status}`}>
      <span className="visually-hidden">Status:</span>
      <span aria-hidden="true">{icon}</span>
      <span>{text}</span>
    </span>
  );
}
