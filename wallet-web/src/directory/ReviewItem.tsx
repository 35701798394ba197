import { formatClaim } from '../lib/credential-view.ts';
import type { PublishedReview } from '../lib/directory-types.ts';
import { RatingStars } from './RatingStars.tsx';

/** Props of {@link ReviewItem}. */
export interface ReviewItemProps {
  review: PublishedReview;
  /** The profile's DID and name: a reply signed by that DID is shown under that name. */
  profile: { did: string; name?: string };
}

function replierName(doctor: string, review: PublishedReview, profile: ReviewItemProps['profile']): string {
  if (doctor === profile.did && profile.name !== undefined) return profile.name;
  if (doctor === review.facts.doctor && review.facts.doctorName !== undefined) return review.facts.doctorName;
  return 'the treating doctor';
}

/**
 * One verified review: stars (with words), the patient's text as written, the verified facts, the date, and the
 * doctor's signed replies beneath it. Nothing about the patient is shown (the directory sends nothing).
 * @param props - the review and the profile it is on.
 */
export function ReviewItem({ review, profile }: ReviewItemProps) {
  const date = review.reviewDate ?? review.publishedAt;
  const where = review.facts.hospitalName;
  return (
    <article className="review" aria-label={`Review of ${formatClaim(date)}`}>
      <div className="review-head">
        {review.rating !== undefined ? (
          <RatingStars rating={review.rating} />
        ) : (
          <span className="hint">No rating given</span>
        )}
        <span className="hint">
          Reviewed <time dateTime={date}>{formatClaim(date)}</time>
        </span>
      </div>
      {review.text !== undefined && review.text !== '' && (
        <blockquote className="review-text">
          <p>{review.text}</p>
        </blockquote>
      )}
      <p className={`review-facts${review.verified ? ' review-verified' : ''}`}>
        <span aria-hidden="true">{review.verified ? '✓ ' : '✕ '}</span>
        <span className="visually-hidden">{review.verified ? 'Verified: ' : 'Not verified: '}</span>
        {review.statement}
      </p>
      {where !== undefined && <p className="hint">Treated at {where}.</p>}
      {review.replies.length > 0 && (
        <ul className="replies" aria-label="Replies">
          {review.replies.map((reply) => (
            <li key={reply.id} className="reply">
              <p className="reply-who">
                Reply from {replierName(reply.doctor, review, profile)},{' '}
                <time dateTime={reply.repliedAt}>{formatClaim(reply.repliedAt)}</time>
              </p>
              <p className="reply-text">{reply.text}</p>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
