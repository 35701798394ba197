import { useEffect, useState, type MouseEvent } from 'react';
import { parseDirectoryLocation, type DirectoryView } from '../lib/directory-location.ts';

function current(): { view: DirectoryView; key: string } {
  return {
    view: parseDirectoryLocation(location.pathname, location.search),
    key: `${location.pathname}${location.search}`,
  };
}

/**
 * Goes to a directory address without reloading (history entry added; the app and this page follow `popstate`).
 * @param path - e.g. `/directory/profiles/did%3A…`.
 */
export function goToDirectoryPath(path: string): void {
  if (`${location.pathname}${location.search}` !== path) history.pushState(null, '', path);
  window.scrollTo(0, 0);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * A click handler that follows a directory link in the page (plain clicks only: new-tab clicks keep the browser's
 * behaviour).
 * @param path - the address.
 * @returns the handler.
 */
export function followDirectoryLink(path: string): (event: MouseEvent<HTMLAnchorElement>) => void {
  return (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    goToDirectoryPath(path);
  };
}

/**
 * The directory page the address shows, following history navigation.
 * @returns the page and a key that changes with the address.
 */
export function useDirectoryLocation(): { view: DirectoryView; key: string } {
  const [state, setState] = useState(current);
  useEffect(() => {
    const update = () => setState(current());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return state;
}
