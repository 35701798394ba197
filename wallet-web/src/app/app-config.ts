import { createContext, useContext } from 'react';
import { fetchJson } from '../lib/fetch-json.ts';

/** The service URLs the app server publishes at `/config.json`. */
export interface AppConfig {
  /** The issuer service (its OID4VCI offers point there). */
  issuerUrl: string;
  /** The verifier service (its requests point there). */
  verifierUrl: string;
  /** Same-origin path of the issuer API. */
  issuerApi: string;
  /** Same-origin path of the verifier API. */
  verifierApi: string;
}

/**
 * Loads `/config.json`.
 * @returns the configuration.
 */
export async function loadAppConfig(): Promise<AppConfig> {
  return fetchJson<AppConfig>(fetch.bind(globalThis), '/config.json');
}

/** The loaded configuration. */
export const AppConfigContext = createContext<AppConfig | undefined>(undefined);

/**
 * The app configuration (inside {@link AppConfigContext}).
 * @returns the configuration.
 * @throws Error outside the provider.
 */
export function useAppConfig(): AppConfig {
  const config = useContext(AppConfigContext);
  if (!config) throw new Error('useAppConfig outside AppConfigContext');
  return config;
}
