import { ratingStars, ratingText } from '../lib/directory-rating.ts';

/**
 * A rating as stars, with the words as its text alternative ("4 out of 5 stars").
 * @param props - the rating (0 to 5; averages may have decimals).
 */
export function RatingStars({ rating }: { rating: number }) {
  return (
    <span className="stars" role="img" aria-label={ratingText(rating)} title={ratingText(rating)}>
      {ratingStars(rating)}
    </span>
  );
}
