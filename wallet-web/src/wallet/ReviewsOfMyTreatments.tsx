import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useAppConfig } from '../app/app-config.ts';
import { errorMessage } from '../lib/api-error.ts';
import type { PublishedReview } from '../lib/directory-types.ts';
import { reviewDirectoryClient } from '../lib/review-directory-client.ts';
import { MAX_REVIEW_TEXT_LENGTH, signReviewReply } from '../lib/review-signing.ts';
import { ReviewItem } from '../directory/ReviewItem.tsx';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { OpenWallet } from './use-wallet.ts';

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);

function ReplyForm({
  review,
  onReply,
}: {
  review: PublishedReview;
  onReply: (review: PublishedReview, text: string) => Promise<void>;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await onReply(review, text);
      setText('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <TextField
        label="Your reply"
        value={text}
        onValueChange={setText}
        multiline
        rows={3}
        maxLength={MAX_REVIEW_TEXT_LENGTH}
        hint="Public, signed with your DID. The patient’s review cannot be changed."
      />
      <div className="actions">
        <button type="submit" disabled={busy || text.trim() === ''}>
          Sign and publish reply
        </button>
      </div>
      {busy && <Loading label="Publishing your reply" />}
      {error && (
        <Alert tone="error" title="The reply was not published">
          {error}
        </Alert>
      )}
    </form>
  );
}

/**
 * For doctors: the verified reviews of treatments they gave, as the public directory shows them, with a signed
 * reply to each (the directory accepts it only when it is signed by the doctor the treatment names).
 * @param props - the open wallet (its DID is the doctor's).
 */
export function ReviewsOfMyTreatments({ wallet }: { wallet: OpenWallet }) {
  const config = useAppConfig();
  const [reviews, setReviews] = useState<PublishedReview[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const did = wallet.holder.did;

  const load = useCallback(async () => {
    setError(undefined);
    setLoading(true);
    try {
      setReviews(await reviewDirectoryClient(config.verifierApi, browserFetch).reviewsAbout(did));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [config.verifierApi, did]);

  useEffect(() => {
    void load();
  }, [load]);

  const reply = async (review: PublishedReview, text: string) => {
    if (!review.reviewHash) throw new Error('this review has no hash to reply to');
    const jws = signReviewReply(wallet.holder, review.reviewHash, text);
    await reviewDirectoryClient(config.verifierApi, browserFetch).publishReply(review.id, jws);
    await load();
  };

  return (
    <section className="panel stack" aria-labelledby="my-reviews-title">
      <div className="panel-head">
        <h2 id="my-reviews-title">Reviews of your treatments</h2>
        <button type="button" className="secondary" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>
      {loading && <Loading label="Reading the directory" />}
      {error && <Alert tone="error">{error}</Alert>}
      {reviews && reviews.length === 0 && (
        <p className="empty">No published reviews of your treatments yet.</p>
      )}
      {reviews && reviews.length > 0 && (
        <ul className="review-list">
          {reviews.map((review) => (
            <li key={review.id} className="stack">
              <ReviewItem review={review} profile={{ did }} />
              {review.replies.length === 0 && <ReplyForm review={review} onReply={reply} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
