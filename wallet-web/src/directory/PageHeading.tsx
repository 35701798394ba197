import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The page's `h1`, focused when it appears so that screen readers announce the page that was opened.
 * @param props - the heading text and its id (for `aria-labelledby`).
 */
export function PageHeading({ id, children }: { id?: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} id={id} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
