/**
 * The web app's Node server: `startWalletWeb` serves the built React app (wallet, clinic check, issuer console) with
 * same-origin proxies to the issuer and verifier services; `ensureAppBuilt` builds it with Vite when needed.
 */
export { startWalletWeb, ISSUER_API_PATH, VERIFIER_API_PATH } from './wallet-web-server.ts';
export type { RunningWalletWeb, WalletWebConfig, WalletWebOptions } from './wallet-web-server.ts';
export { ensureAppBuilt, sourceFingerprint, APP_ROOT, DEFAULT_DIST_DIR } from './app-build.ts';
export type { AppBuildResult, EnsureAppBuiltOptions } from './app-build.ts';
export { CONTENT_SECURITY_POLICY } from './security-headers.ts';
export { measureRouteBundle, NON_WALLET_ROUTES } from './route-bundle.ts';
export type { RouteBundle } from './route-bundle.ts';
