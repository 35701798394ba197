/**
 * A busy indicator with a text for screen readers and sighted users.
 * @param props - what is loading.
 */
export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}…
    </p>
  );
}
