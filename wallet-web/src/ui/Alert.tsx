import type { ReactNode } from 'react';

/** Props of {@link Alert}. */
export interface AlertProps {
  tone: 'error' | 'success' | 'info' | 'warning';
  title?: string;
  children?: ReactNode;
}

/**
 * A message box. Errors and warnings are announced at once (`role="alert"`), other messages politely.
 * @param props - tone, title, content.
 */
export function Alert({ tone, title, children }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}>
      {title && <strong className="alert-title">{title}</strong>}
      {children && <div>{children}</div>}
    </div>
  );
}
