import { useCallback, useEffect, useMemo, useState } from 'react';
import { useAppConfig } from '../app/app-config.ts';
import { errorMessage } from '../lib/api-error.ts';
import { shortDid } from '../lib/credential-view.ts';
import { Alert } from '../ui/Alert.tsx';
import { Tabs } from '../ui/Tabs.tsx';
import { AuditLog } from './AuditLog.tsx';
import { BatchUpload } from './BatchUpload.tsx';
import { clearSession, storedSession, type ConsoleSession } from './console-session.ts';
import { CredentialList } from './CredentialList.tsx';
import { IssueCredential } from './IssueCredential.tsx';
import { issuerClient, type Organisation } from './issuer-client.ts';
import { KeyRotation } from './KeyRotation.tsx';
import { SignIn } from './SignIn.tsx';

type Tab = 'issue' | 'batch' | 'credentials' | 'audit' | 'keys';

const TABS: Array<{ key: Tab; label: string }> = [
  { key: 'issue', label: 'Issue' },
  { key: 'batch', label: 'Batch upload' },
  { key: 'credentials', label: 'Credentials' },
  { key: 'audit', label: 'Audit log' },
  { key: 'keys', label: 'Signing keys' },
];

/** The issuer console: staff sign in with their organisation's API key, then issue, deliver, revoke and audit. */
export function ConsolePage() {
  const { issuerApi } = useAppConfig();
  const [session, setSession] = useState<ConsoleSession | undefined>(() => storedSession());
  const [expired, setExpired] = useState(false);
  const [tab, setTab] = useState<Tab>('issue');
  const [organisation, setOrganisation] = useState<Organisation>();
  const [error, setError] = useState<string>();

  const signOut = useCallback((becauseExpired = false) => {
    clearSession();
    setSession(undefined);
    setOrganisation(undefined);
    setExpired(becauseExpired);
  }, []);
  const client = useMemo(
    () => session && issuerClient(issuerApi, session, () => signOut(true)),
    [issuerApi, session, signOut],
  );

  useEffect(() => {
    if (!client) return;
    client.organisation().then(setOrganisation, (e: unknown) => setError(errorMessage(e)));
  }, [client]);

  return (
    <section aria-labelledby="console-title" className="page stack">
      <h1 id="console-title">Issuer console</h1>
      {!client ? (
        <>
          {expired && <Alert tone="warning">Your session ended. Sign in again.</Alert>}
          <SignIn
            issuerApi={issuerApi}
            onSignedIn={(s) => {
              setExpired(false);
              setSession(s);
            }}
          />
        </>
      ) : (
        <>
          <div className="org-bar">
            <p>
              Signed in to <strong>{organisation?.name ?? '…'}</strong>
              {organisation?.did && (
                <>
                  {' '}
                  · <span className="mono">{shortDid(organisation.did)}</span>
                </>
              )}
            </p>
            <button type="button" className="secondary" onClick={() => signOut()}>
              Sign out
            </button>
          </div>
          {error && <Alert tone="error">{error}</Alert>}
          <Tabs label="Console sections" tabs={TABS} selected={tab} onSelect={setTab}>
            {tab === 'issue' && <IssueCredential client={client} />}
            {tab === 'batch' && <BatchUpload client={client} />}
            {tab === 'credentials' && <CredentialList client={client} />}
            {tab === 'audit' && <AuditLog client={client} />}
            {tab === 'keys' && <KeyRotation client={client} />}
          </Tabs>
        </>
      )}
    </section>
  );
}
