/**
 * The staff session of the issuer console: the API key is exchanged once for a short-lived bearer token
 * (`POST /sessions`), which is kept in this tab's sessionStorage only (never localStorage, never the API key).
 */
import { ApiError } from '../lib/api-error.ts';
import { fetchJson } from '../lib/fetch-json.ts';

const STORAGE_KEY = 'medtrust.console.session';

/** A signed-in session. */
export interface ConsoleSession {
  token: string;
  expiresAt: string;
}

/**
 * The session of this tab, when one is stored and not expired.
 * @returns the session.
 */
export function storedSession(): ConsoleSession | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as ConsoleSession | null;
    if (value && typeof value.token === 'string' && Date.parse(value.expiresAt) > Date.now()) return value;
  } catch {
    // fall through
  }
  sessionStorage.removeItem(STORAGE_KEY);
  return undefined;
}

/** Forgets the session of this tab. */
export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * Exchanges an organisation API key for a session token and keeps the token (not the key) for this tab.
 * @param issuerApi - the issuer API base (`/api/issuer`).
 * @param apiKey - the API key, as pasted.
 * @returns the session.
 * @throws ApiError (401 for an unknown key).
 */
export async function signIn(issuerApi: string, apiKey: string): Promise<ConsoleSession> {
  const session = await fetchJson<ConsoleSession>((i, init) => fetch(i, init), `${issuerApi}/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey.trim()}` },
  });
  if (!session || typeof session.token !== 'string') throw new ApiError(500, 'INTERNAL', 'no session token');
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}
