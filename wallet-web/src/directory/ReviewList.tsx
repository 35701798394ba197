import { ratingSummary } from '../lib/directory-rating.ts';
import type { Profile } from '../lib/directory-types.ts';
import { RatingStars } from './RatingStars.tsx';
import { ReviewItem } from './ReviewItem.tsx';

/**
 * The "Reviews" section of a profile: the average, how reviews are verified, and each review with its replies.
 * @param props - the profile.
 */
export function ReviewList({ profile }: { profile: Profile }) {
  const { rating, reviews } = profile;
  return (
    <section className="stack reviews-section" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      <p className="rating-summary">
        {rating.average !== null && rating.count > 0 && <RatingStars rating={rating.average} />}{' '}
        {ratingSummary(rating)}
      </p>
      <p className="hint">
        Only a patient holding a treatment credential from the hospital can publish a review, signed by them;
        the doctor can reply but cannot change or remove it. Who wrote it is never shown.
      </p>
      {reviews.length > 0 && (
        <ol className="review-list">
          {reviews.map((review) => (
            <li key={review.id}>
              <ReviewItem review={review} profile={profile} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
