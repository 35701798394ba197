import { useCallback, useEffect, useState } from 'react';
import { useAppConfig } from '../app/app-config.ts';
import type { AnchorProof } from '../lib/anchor-proof.ts';
import { statusOfReport, verifyCredentialBody, type CredentialStatus } from '../lib/credential-status.ts';
import { fetchJson } from '../lib/fetch-json.ts';
import type { VerificationReport } from '../lib/verification-report.ts';

/** How often a shown credential's status is read again (ms). */
export const STATUS_REFRESH_MS = 30_000;
/**
 * How soon an unknown status (registry unreachable, status list not on-chain yet) or a credential still being
 * registered on-chain (`ANCHOR_PENDING`) is read again (ms).
 */
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
 * The live status of a credential, read through the verifier (`POST /verify`: signature, on-chain anchor,
 * accreditation, validity and the on-chain revocation registry), again every {@link STATUS_REFRESH_MS} while shown
 * (every {@link UNKNOWN_STATUS_RETRY_MS} while unknown or being registered), and at once when its anchor proof
 * arrives.
 * @param jwt - the credential.
 * @param anchorProof - its anchor proof, when the wallet holds one.
 * @returns status, report and a refresh action.
 */
export function useCredentialStatus(jwt: string, anchorProof?: AnchorProof): LiveStatus {
  const { verifierApi } = useAppConfig();
  const [state, setState] = useState<Omit<LiveStatus, 'refresh'>>({ status: 'checking' });
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const proofKey = anchorProof === undefined ? '' : JSON.stringify(anchorProof);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (next: Omit<LiveStatus, 'refresh'>) => {
      if (cancelled) return;
      setState(next);
      const soon = next.status === 'unknown' || next.status === 'pending';
      timer = setTimeout(refresh, soon ? UNKNOWN_STATUS_RETRY_MS : STATUS_REFRESH_MS);
    };
    const proof = proofKey === '' ? undefined : (JSON.parse(proofKey) as AnchorProof);
    fetchJson<VerificationReport>(fetch.bind(globalThis), `${verifierApi}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(verifyCredentialBody(jwt, proof)),
    }).then(
      (report) => show({ status: statusOfReport(report), report, checkedAt: new Date() }),
      () => show({ status: 'unknown', checkedAt: new Date() }),
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [jwt, proofKey, verifierApi, tick, refresh]);

  return { ...state, refresh };
}
