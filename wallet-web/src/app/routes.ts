import { useEffect, useState } from 'react';

/** The app's pages. */
export type Route = 'wallet' | 'clinic' | 'console' | 'directory';

/** Path of each page (the directory has sub-paths: `/directory/profiles/<DID>`, `/directory/batches/<id>`). */
export const ROUTE_PATHS: Record<Route, string> = {
  wallet: '/',
  clinic: '/clinic',
  console: '/console',
  directory: '/directory',
};

/**
 * The page of a path.
 * @param pathname - `location.pathname`.
 * @returns the route (the wallet for unknown paths).
 */
export function routeOf(pathname: string): Route {
  if (pathname.startsWith('/clinic')) return 'clinic';
  if (pathname.startsWith('/console')) return 'console';
  if (pathname === '/directory' || pathname.startsWith('/directory/')) return 'directory';
  return 'wallet';
}

/**
 * Goes to a page without reloading.
 * @param route - the page.
 */
export function navigate(route: Route): void {
  // The page's own root, without a query: "Directory" in the menu starts a new search.
  if (location.pathname + location.search !== ROUTE_PATHS[route])
    history.pushState(null, '', ROUTE_PATHS[route]);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * The current page, following history navigation.
 * @returns the route.
 */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.pathname));
  useEffect(() => {
    const update = () => setRoute(routeOf(location.pathname));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}
