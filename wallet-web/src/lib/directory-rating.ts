/**
 * Review ratings (1 to 5) as stars and as the words that stand in for them.
 */

/** The highest rating. */
export const MAX_RATING = 5;

function clamp(rating: number): number {
  return Math.min(MAX_RATING, Math.max(0, rating));
}

/**
 * Stars for a rating, rounded to the nearest whole star.
 * @param rating - 0 to 5 (an average may have decimals).
 * @returns e.g. `★★★★☆` for 4.
 */
export function ratingStars(rating: number): string {
  const full = Math.round(clamp(rating));
  return '★'.repeat(full) + '☆'.repeat(MAX_RATING - full);
}

/**
 * The words for a rating.
 * @param rating - 0 to 5.
 * @returns e.g. "4 out of 5 stars", "4.5 out of 5 stars", "1 out of 5 stars".
 */
export function ratingText(rating: number): string {
  const value = Math.round(clamp(rating) * 10) / 10;
  return `${value} out of ${MAX_RATING} stars`;
}

/**
 * The summary of a party's reviews.
 * @param rating - count and average of the verified reviews.
 * @returns e.g. "4.5 out of 5 stars from 2 verified reviews", or "No verified reviews yet".
 */
export function ratingSummary(rating: { count: number; average: number | null }): string {
  if (rating.count === 0 || rating.average === null) return 'No verified reviews yet';
  const reviews = `${rating.count} verified review${rating.count === 1 ? '' : 's'}`;
  return `${ratingText(rating.average)} from ${reviews}`;
}
