import { describeLookupFailure, type LookupSubject } from '../lib/directory-errors.ts';
import { Alert } from '../ui/Alert.tsx';

/** Props of {@link LookupFailureAlert}. */
export interface LookupFailureAlertProps {
  error: unknown;
  subject: LookupSubject;
  /** Offered as "Try again" when trying again may help. */
  onRetry?: () => void;
}

/**
 * A failed directory look-up explained in plain language (rate limited, not listed, bad value, unreachable), with
 * a retry button when waiting may help.
 * @param props - the error, what was looked up, and the retry.
 */
export function LookupFailureAlert({ error, subject, onRetry }: LookupFailureAlertProps) {
  const failure = describeLookupFailure(error, subject);
  return (
    <Alert tone={failure.retry ? 'warning' : 'error'} title={failure.title}>
      <p>{failure.text}</p>
      {failure.retry && onRetry && (
        <div className="actions">
          <button type="button" className="secondary" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </Alert>
  );
}
