import { useEffect, useMemo, useState } from 'react';
import { useAppConfig } from '../app/app-config.ts';
import { errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PresentationRequestPanel } from './PresentationRequestPanel.tsx';
import { VerifyDocument } from './VerifyDocument.tsx';
import { verifierApi, type Policy } from './verifier-api.ts';

/** The clinic check: ask a holder for credentials (QR + link, answer arriving live), or verify a document. */
export function ClinicPage() {
  const { verifierApi: base } = useAppConfig();
  const api = useMemo(() => verifierApi(base), [base]);
  const [policies, setPolicies] = useState<Policy[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.policies().then(setPolicies, (e: unknown) => setError(errorMessage(e)));
  }, [api]);

  return (
    <section aria-labelledby="clinic-title" className="page stack">
      <h1 id="clinic-title">Clinic check</h1>
      <p>
        Check a doctor’s licence, a supplier and its drug batch, or a hospital — signature, accreditation,
        dates and the on-chain revocation registry, in one answer.
      </p>
      {error && (
        <Alert tone="error" title="The verifier cannot be reached">
          {error}
        </Alert>
      )}
      {!policies && !error && <Loading label="Loading the checks" />}
      {policies && <PresentationRequestPanel api={api} policies={policies} />}
      <VerifyDocument api={api} />
    </section>
  );
}
