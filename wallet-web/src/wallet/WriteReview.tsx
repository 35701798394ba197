import { useId, useState, type FormEvent } from 'react';
import { useAppConfig } from '../app/app-config.ts';
import { errorMessage } from '../lib/api-error.ts';
import { buildPresentation } from '../lib/oid4vp-client.ts';
import type { PublishedReview } from '../lib/directory-types.ts';
import { reviewDirectoryClient } from '../lib/review-directory-client.ts';
import {
  MAX_REVIEW_TEXT_LENGTH,
  ReviewDraftError,
  signReviewCredential,
  treatmentFactsOf,
} from '../lib/review-signing.ts';
import { anchorProofsOf, keyOfCredential, type StoredCredential } from '../lib/wallet-contents.ts';
import { shortDid } from '../lib/credential-view.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { OpenWallet, WalletApi } from './use-wallet.ts';

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);

/**
 * Writes and publishes a review of a treatment: the patient picks the doctor or the hospital, a rating and their
 * words; the wallet signs a `ReviewCredential` with the key the treatment was issued to (the visit DID), presents
 * it together with the treatment record to the directory (bound to a fresh challenge), and shows what the public
 * will see — never the patient's DID.
 * @param props - the wallet API, the open wallet, the treatment credential, and what to do when finished.
 */
export function WriteReview({
  api,
  wallet,
  treatment,
  onDone,
}: {
  api: WalletApi;
  wallet: OpenWallet;
  treatment: StoredCredential;
  onDone: () => void;
}) {
  const config = useAppConfig();
  const ratingName = useId();
  const facts = treatmentFactsOf(treatment.jwt);
  const [about, setAbout] = useState<'doctor' | 'hospital'>('doctor');
  const [rating, setRating] = useState(0);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [ratingError, setRatingError] = useState<string>();
  const [published, setPublished] = useState<PublishedReview>();

  if (!facts) return <Alert tone="error">This credential is not a treatment record.</Alert>;
  const author = keyOfCredential(wallet, treatment);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setRatingError(undefined);
    if (!author) {
      setError('The visit DID this treatment record was issued to is no longer in this wallet.');
      return;
    }
    setBusy(true);
    try {
      const review = signReviewCredential(author, { treatmentJwt: treatment.jwt, about, rating, text });
      const directory = reviewDirectoryClient(config.verifierApi, browserFetch);
      const challenge = await directory.challenge();
      const presentation = buildPresentation(author, [review.jwt, treatment.jwt], {
        nonce: challenge,
        audience: config.verifierUrl,
        anchorProofs: anchorProofsOf([treatment]),
      });
      const result = await directory.publishReview(presentation, challenge);
      await api.recordReview({
        treatmentCredentialId: treatment.id,
        reviewId: result.id,
        about: review.about,
        rating,
        publishedAt: result.publishedAt,
        directory: config.verifierUrl,
      });
      setPublished(result);
    } catch (e) {
      if (e instanceof ReviewDraftError && e.field === 'rating') setRatingError(e.message);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (published) {
    const reviewed = published.reviewed?.did ?? (about === 'doctor' ? facts.doctor : facts.hospital);
    return (
      <div className="panel stack" aria-labelledby="review-done-title">
        <h2 id="review-done-title">Review published</h2>
        <Alert tone="success" title="Your review is public">
          {published.statement}
        </Alert>
        <p className="hint">
          It is signed by your visit DID and bound to your treatment record; the directory shows your words
          and the verified facts, never who you are.
        </p>
        <div className="actions">
          <a
            className="button secondary"
            href={`/directory/profiles/${encodeURIComponent(reviewed)}`}
            target="_blank"
            rel="noopener noreferrer"
          >
            See it in the directory
          </a>
          <button type="button" onClick={onDone}>
            Back to my credentials
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="panel stack" aria-labelledby="review-title" onSubmit={(e) => void submit(e)}>
      <h2 id="review-title">Review your treatment</h2>
      <p>
        {facts.procedureCategory} on {facts.treatmentDate}: doctor{' '}
        <span className="mono">{shortDid(facts.doctor)}</span>, hospital{' '}
        <span className="mono">{shortDid(facts.hospital)}</span>.
      </p>
      <fieldset className="field">
        <legend>Who are you reviewing?</legend>
        <div className="choice-row">
          <label className="choice">
            <input
              type="radio"
              name="review-about"
              checked={about === 'doctor'}
              onChange={() => setAbout('doctor')}
            />
            The doctor
          </label>
          <label className="choice">
            <input
              type="radio"
              name="review-about"
              checked={about === 'hospital'}
              onChange={() => setAbout('hospital')}
            />
            The hospital
          </label>
        </div>
      </fieldset>
      <fieldset
        className={`field${ratingError ? ' field-invalid' : ''}`}
        aria-describedby={ratingError ? `${ratingName}-error` : undefined}
      >
        <legend>Rating</legend>
        <div className="choice-row">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="choice">
              <input
                type="radio"
                name={ratingName}
                value={n}
                checked={rating === n}
                onChange={() => {
                  setRating(n);
                  setRatingError(undefined);
                }}
              />
              <span aria-hidden="true" className="stars">
                {'★'.repeat(n)}
              </span>
              <span className="visually-hidden">
                {n} star{n === 1 ? '' : 's'}
              </span>
            </label>
          ))}
        </div>
        {ratingError && (
          <p className="field-error" id={`${ratingName}-error`}>
            {ratingError}
          </p>
        )}
      </fieldset>
      <TextField
        label="Your review"
        value={text}
        onValueChange={setText}
        multiline
        rows={5}
        optional
        maxLength={MAX_REVIEW_TEXT_LENGTH}
        hint="Public. Do not write your name or anything that identifies you."
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Sign and publish
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
      {busy && <Loading label="Signing and publishing" />}
      {error && (
        <Alert tone="error" title="The review was not published">
          {error}
        </Alert>
      )}
    </form>
  );
}
