import type { ReactNode } from 'react';

/**
 * One labelled value of a card's definition list (`<dl className="card-grid">`): the label as `<dt>`, the value as
 * `<dd>`.
 * @param props - the label and the value.
 */
export function CardRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="card-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
