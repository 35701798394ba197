import type { ReactNode } from 'react';
import { followDirectoryLink } from './use-directory-location.ts';

/** Props of {@link DirectoryLink}. */
export interface DirectoryLinkProps {
  /** A directory address, e.g. from `profilePath`. */
  to: string;
  children: ReactNode;
  className?: string;
  'aria-label'?: string;
}

/**
 * A link to another directory page, followed without reloading (a real link: it opens in a new tab, and works
 * with the keyboard and without JavaScript routing).
 * @param props - address, content, class and optional accessible name.
 */
export function DirectoryLink({ to, children, className, 'aria-label': label }: DirectoryLinkProps) {
  return (
    <a href={to} className={className} aria-label={label} onClick={followDirectoryLink(to)}>
      {children}
    </a>
  );
}
