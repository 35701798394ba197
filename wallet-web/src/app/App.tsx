import { lazy, Suspense, useEffect, useState, type MouseEvent } from 'react';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { errorMessage } from '../lib/api-error.ts';
import { WalletPage } from '../wallet/WalletPage.tsx';
import { AppConfigContext, loadAppConfig, type AppConfig } from './app-config.ts';
import { navigate, ROUTE_PATHS, useRoute, type Route } from './routes.ts';

// The clinic, console and directory pages are separate chunks: the wallet route loads none of them.
const ClinicPage = lazy(() => import('../clinic/ClinicPage.tsx').then((m) => ({ default: m.ClinicPage })));
const ConsolePage = lazy(() =>
  import('../console/ConsolePage.tsx').then((m) => ({ default: m.ConsolePage })),
);
const DirectoryPage = lazy(() =>
  import('../directory/DirectoryPage.tsx').then((m) => ({ default: m.DirectoryPage })),
);

const NAV: Array<{ route: Route; label: string }> = [
  { route: 'wallet', label: 'Wallet' },
  { route: 'clinic', label: 'Clinic check' },
  { route: 'console', label: 'Issuer console' },
  { route: 'directory', label: 'Directory' },
];

const TITLES: Record<Route, string> = {
  wallet: 'Wallet — medtrust',
  clinic: 'Clinic check — medtrust',
  console: 'Issuer console — medtrust',
  directory: 'Public directory — medtrust',
};

/** The app: header with navigation, and the current page. */
export function App() {
  const route = useRoute();
  const [config, setConfig] = useState<AppConfig>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    loadAppConfig().then(setConfig, (e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    document.title = TITLES[route];
  }, [route]);

  const go = (target: Route) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(target);
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <a className="brand" href="/" onClick={go('wallet')}>
          <span aria-hidden="true">✚</span> medtrust
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.route}>
                <a
                  href={ROUTE_PATHS[item.route]}
                  aria-current={route === item.route ? 'page' : undefined}
                  onClick={go(item.route)}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {error ? (
          <Alert tone="error" title="The app cannot start">
            {error}
          </Alert>
        ) : !config ? (
          <Loading label="Starting" />
        ) : (
          <AppConfigContext.Provider value={config}>
            <Suspense fallback={<Loading label="Loading page" />}>
              {route === 'wallet' && <WalletPage />}
              {route === 'clinic' && <ClinicPage />}
              {route === 'console' && <ConsolePage />}
              {route === 'directory' && <DirectoryPage />}
            </Suspense>
          </AppConfigContext.Provider>
        )}
      </main>
    </>
  );
}
