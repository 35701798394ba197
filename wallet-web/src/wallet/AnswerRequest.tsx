import { useEffect, useState } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { claimLabel, credentialTitle, shortDid, viewCredential } from '../lib/credential-view.ts';
import { fetchJson } from '../lib/fetch-json.ts';
import {
  buildPresentation,
  declinePresentation,
  matchCredentials,
  submitPresentation,
  type PresentationRequest,
} from '../lib/oid4vp-client.ts';
import { openPresentationLink, outcomeUrlOf } from '../lib/presentation-request-link.ts';
import { reportHeadline, reportTone } from '../lib/report-text.ts';
import type { VerificationReport } from '../lib/verification-report.ts';
import { anchorProofsOf, keyOfCredential } from '../lib/wallet-contents.ts';
import { Alert } from '../ui/Alert.tsx';
import { LinkInput } from '../ui/LinkInput.tsx';
import { Loading } from '../ui/Loading.tsx';
import type { OpenWallet } from './use-wallet.ts';

type Step =
  | { name: 'link' }
  | { name: 'consent'; request: PresentationRequest }
  | { name: 'sent'; request: PresentationRequest }
  | { name: 'declined'; request: PresentationRequest };

type Outcome = { state: string; report?: VerificationReport };

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);

/** Reads how the verifier judged the answer, where it publishes that (medtrust verifiers do). */
function useOutcome(request: PresentationRequest | undefined): Outcome | undefined {
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => {
    const url = request && outcomeUrlOf(request.responseUri);
    if (!url) return;
    let cancelled = false;
    let attempts = 0;
    const poll = async () => {
      try {
        const answer = await fetchJson<Outcome>(browserFetch, url);
        if (cancelled) return;
        if (answer && answer.state !== 'pending') {
          setOutcome(answer);
          return;
        }
      } catch {
        return; // the verifier does not publish outcomes: "sent" is all the wallet can say
      }
      if (++attempts < 20) setTimeout(() => void poll(), 500);
    };
    void poll();
    return () => {
      cancelled = true;
    };
  }, [request]);
  return outcome;
}

function RequestedFields({ request, wallet }: { request: PresentationRequest; wallet: OpenWallet }) {
  const matches = matchCredentials(request, wallet.contents.credentials);
  return (
    <ul className="share-list">
      {matches.map(({ requested, credential }) => {
        const wanted = requested.name ?? credentialTitle(requested.typeSets[0]?.at(-1) ?? 'Credential');
        const view = credential && viewCredential(credential.jwt);
        const asked = new Set(requested.claims.map((c) => c.name));
        return (
          <li key={requested.id}>
            <h3>{wanted}</h3>
            {requested.purpose && <p className="hint">Why: {requested.purpose}</p>}
            {view ? (
              <>
                <p>
                  Your <strong>{view.title}</strong> will be shared with all its fields, exactly as the issuer
                  signed them:
                </p>
                <dl className="share-fields">
                  {view.fields.map((f) => (
                    <div key={f.key} className={asked.has(f.key) ? 'asked' : undefined}>
                      <dt>
                        {f.label}
                        {asked.has(f.key) && <span className="tag">asked for</span>}
                      </dt>
                      <dd>{f.value}</dd>
                    </div>
                  ))}
                  <div>
                    <dt>{claimLabel('id')}</dt>
                    <dd className="mono">{view.subject ? shortDid(view.subject) : '—'}</dd>
                  </div>
                </dl>
              </>
            ) : (
              <Alert tone="warning">
                You have no {wanted.toLowerCase()} in this wallet, so you cannot answer.
              </Alert>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Answers a verifier: open its request (paste or scan `openid4vp://…` or the request URL), see exactly what would be
 * shared and with whom, then share (a presentation signed by the holder key, bound to the request's nonce and
 * audience, sent with `direct_post`) or decline.
 * @param props - the open wallet and what to do when finished.
 */
export function AnswerRequest({ wallet, onDone }: { wallet: OpenWallet; onDone: () => void }) {
  const [step, setStep] = useState<Step>({ name: 'link' });
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const outcome = useOutcome(step.name === 'sent' ? step.request : undefined);

  const open = async (link: string) => {
    setError(undefined);
    setBusy('Reading the request');
    try {
      setStep({ name: 'consent', request: await openPresentationLink(link, browserFetch) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  const share = async (request: PresentationRequest) => {
    setError(undefined);
    setBusy('Sending');
    try {
      const chosen = matchCredentials(request, wallet.contents.credentials).map((m) => m.credential);
      if (chosen.some((c) => !c)) throw new Error('a requested credential is missing');
      // One presentation proves one key: every credential shared must be bound to the same wallet DID.
      const keys = new Set(chosen.map((c) => keyOfCredential(wallet, c!)));
      const [key] = keys;
      if (keys.size !== 1 || key === undefined) {
        throw new Error(
          'the requested credentials belong to different identities of this wallet (a visit DID and your main DID) and cannot be shared together',
        );
      }
      const vp = buildPresentation(
        key,
        chosen.map((c) => c!.jwt),
        { nonce: request.nonce, audience: request.clientId, anchorProofs: anchorProofsOf(chosen) },
      );
      await submitPresentation(request, vp, browserFetch);
      setStep({ name: 'sent', request });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  const decline = async (request: PresentationRequest) => {
    setError(undefined);
    setBusy('Telling the verifier');
    try {
      await declinePresentation(request, browserFetch);
    } catch {
      // declining needs no acknowledgement: the verifier's request simply expires
    } finally {
      setBusy(undefined);
      setStep({ name: 'declined', request });
    }
  };

  return (
    <div className="panel" aria-labelledby="answer-title">
      <h2 id="answer-title">Answer a verifier</h2>
      {step.name === 'link' && (
        <LinkInput
          label="Presentation request link"
          hint="Paste the link the verifier shows (it starts with openid4vp://), or scan its QR code."
          submitLabel="Open request"
          {...(busy ? { busy: true } : {})}
          onSubmit={(link) => void open(link)}
        />
      )}
      {step.name === 'consent' && (
        <div className="consent">
          <p className="consent-who">
            <strong>{step.request.verifierName}</strong> ({step.request.verifierHost}) asks to see:
          </p>
          {step.request.verifierDid && (
            <p className="hint">
              Request signed by <span className="mono">{shortDid(step.request.verifierDid)}</span>
            </p>
          )}
          {step.request.title && <p>{step.request.title}</p>}
          {step.request.purpose && <p className="hint">{step.request.purpose}</p>}
          <RequestedFields request={step.request} wallet={wallet} />
          <div className="actions">
            <button
              type="button"
              disabled={
                !!busy ||
                matchCredentials(step.request, wallet.contents.credentials).some((m) => !m.credential)
              }
              onClick={() => void share(step.request)}
            >
              Share
            </button>
            <button
              type="button"
              className="secondary"
              disabled={!!busy}
              onClick={() => void decline(step.request)}
            >
              Decline
            </button>
          </div>
        </div>
      )}
      {step.name === 'sent' && (
        <>
          {!outcome && (
            <Alert tone="info" title={`Sent to ${step.request.verifierName}`}>
              Waiting for {step.request.verifierHost} to check it…
            </Alert>
          )}
          {outcome?.state === 'verified' && (
            <Alert tone="success" title="Accepted">
              {step.request.verifierName} verified what you shared.
            </Alert>
          )}
          {outcome && outcome.state !== 'verified' && (
            <Alert
              {...(outcome.report && reportTone(outcome.report) === 'pending'
                ? { tone: 'info' as const, title: 'Not accepted yet' }
                : { tone: 'warning' as const, title: 'Not accepted' })}
            >
              {outcome.report ? reportHeadline(outcome.report) : `The request is ${outcome.state}`}.
            </Alert>
          )}
          <div className="actions">
            <button type="button" onClick={onDone}>
              Done
            </button>
          </div>
        </>
      )}
      {step.name === 'declined' && (
        <>
          <Alert tone="info" title="Declined">
            Nothing was shared with {step.request.verifierName}.
          </Alert>
          <div className="actions">
            <button type="button" onClick={onDone}>
              Done
            </button>
          </div>
        </>
      )}
      {busy && <Loading label={busy} />}
      {error && (
        <Alert tone="error" title="The request could not be answered">
          {error}
        </Alert>
      )}
    </div>
  );
}
