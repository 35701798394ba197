import { useCallback, useEffect, useState } from 'react';
import { useAppConfig } from '../app/app-config.ts';
import { statusOfReport, type CredentialStatus } from '../lib/credential-status.ts';
import { fetchJson } from '../lib/fetch-json.ts';
import type { VerificationReport } from '../lib/verification-report.ts';

/** How often a shown credential's status is read again (ms). */
export const STATUS_REFRESH_MS = 30_000;
/** How soon an unknown status (registry unreachable, status list not on-chain yet) is read again (ms). */
export const UNKNOWN_STATUS_RETRY_MS = 3_000;

/** A credential's live status. */
export interface LiveStatus {
  status: CredentialStatus | 'checking';
  report?: VerificationReport;
  checkedAt?: Date;
  /** Reads the status again now. */
  refresh(): void;
}

/**
 * The live status of a credential, read through the verifier (`POST /verify`: signature, accreditation, validity
 * and the on-chain revocation registry), again every {@link STATUS_REFRESH_MS} while shown.
 * @param jwt - the credential.
 * @returns status, report and a refresh action.
 */
export function useCredentialStatus(jwt: string): LiveStatus {
  const { verifierApi } = useAppConfig();
  const [state, setState] = useState<Omit<LiveStatus, 'refresh'>>({ status: 'checking' });
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (next: Omit<LiveStatus, 'refresh'>) => {
      if (cancelled) return;
      setState(next);
      timer = setTimeout(refresh, next.status === 'unknown' ? UNKNOWN_STATUS_RETRY_MS : STATUS_REFRESH_MS);
    };
    fetchJson<VerificationReport>(fetch.bind(globalThis), `${verifierApi}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: jwt }),
    }).then(
      (report) => show({ status: statusOfReport(report), report, checkedAt: new Date() }),
      () => show({ status: 'unknown', checkedAt: new Date() }),
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [jwt, verifierApi, tick, refresh]);

  return { ...state, refresh };
}
