/**
 * Anchor proofs in the wallet: the public `MedtrustAnchorProof` that a credential's hash is under a Merkle root its
 * issuer anchored on-chain. The wallet fetches it from the issuer that delivered the credential
 * (`GET {issuer}/public/anchor-proofs/{credentialHash}`: 200 `{state: 'anchored', proof}`, 202 `{state: 'pending'}`,
 * 404 `NOT_FOUND`), keeps it beside the credential in the sealed vault, and puts it in the presentations it signs
 * (`vp.anchorProofs`) and in the verification calls it makes (`options.anchorProofs`).
 *
 * The browser cannot load `@medtrust/core` as a whole; {@link parseAnchorProof} uses its dependency-free
 * `@medtrust/core/anchor-proof` shape check. Whether the proof is true is for the verifier and the chain to say.
 * @see ../../../core/src/anchoring/anchor-proof.ts
 */
import type { AnchorProof } from '@medtrust/core';
import { parseAnchorProof as parseProofShape } from '@medtrust/core/anchor-proof';
import { apiErrorOf, type FetchLike } from './fetch-json.ts';
import { decodeJwt } from './jws.ts';
import { credentialJwtHash } from './review-signing.ts';

export type { AnchorProof } from '@medtrust/core';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Validates untrusted JSON as an anchor proof (shape only), hex normalised to lowercase. Never throws.
 * @param value - parsed JSON.
 * @returns the proof, or undefined when it is not one.
 */
export function parseAnchorProof(value: unknown): AnchorProof | undefined {
  const parsed = parseProofShape(value);
  return parsed.ok ? parsed.proof : undefined;
}

/**
 * The `did:ethr` identity address of a credential's issuer (`did:ethr[:network]:0x…40 hex`), lowercase.
 * @param jwt - the credential.
 * @returns the address, or undefined when the issuer is not an address-form `did:ethr`.
 */
function issuerAddressOf(jwt: string): string | undefined {
  const iss = decodeJwt(jwt)?.payload.iss;
  if (typeof iss !== 'string' || !iss.startsWith('did:ethr:')) return undefined;
  const last = iss.slice(iss.lastIndexOf(':') + 1);
  return ADDRESS.test(last) ? last.toLowerCase() : undefined;
}

/**
 * Whether a proof is about this credential: its hash, and (for an address-form `did:ethr` issuer) its issuer.
 * @param proof - a parsed proof.
 * @param jwt - the credential.
 * @returns true when it names this credential.
 */
export function proofMatchesCredential(proof: AnchorProof, jwt: string): boolean {
  if (proof.credentialHash !== credentialJwtHash(jwt)) return false;
  const issuer = issuerAddressOf(jwt);
  return issuer === undefined || issuer === proof.issuer;
}

/**
 * The issuer's base URL from its OID4VCI Credential Issuer Identifier: a medtrust issuer serves OID4VCI under
 * `{base}/oid4vci` and its public routes under `{base}/public`.
 * @param credentialIssuer - e.g. `https://issuer.example/oid4vci`.
 * @returns e.g. `https://issuer.example`.
 */
export function issuerBaseUrl(credentialIssuer: string): string {
  return credentialIssuer.replace(/\/+$/, '').replace(/\/oid4vci$/, '');
}

/**
 * Where an issuer serves a credential's anchor proof.
 * @param credentialIssuer - the Credential Issuer Identifier that delivered it (`StoredCredential.deliveredBy`).
 * @param credentialHash - `credentialJwtHash` of the credential.
 * @returns the URL.
 */
export function anchorProofUrl(credentialIssuer: string, credentialHash: string): string {
  return `${issuerBaseUrl(credentialIssuer)}/public/anchor-proofs/${credentialHash}`;
}

/**
 * The proof a verifier checked and returned in its report (`credential.anchor.proof`), when it is this credential's:
 * a wallet that has none keeps it (for example one the verifier read from the issuer itself).
 * @param report - a verification report of the credential.
 * @param jwt - the credential.
 * @returns the proof, or undefined.
 */
export function anchorProofOfReport(
  report:
    | { credentials: ReadonlyArray<{ credential?: { jwt: string; anchor?: { proof?: unknown } } }> }
    | undefined,
  jwt: string,
): AnchorProof | undefined {
  const summary = report?.credentials.find((c) => c.credential?.jwt === jwt)?.credential;
  const proof = parseAnchorProof(summary?.anchor?.proof);
  return proof !== undefined && proofMatchesCredential(proof, jwt) ? proof : undefined;
}

/** What an issuer said about a credential's anchor. */
export type AnchorLookup =
  | { state: 'anchored'; proof: AnchorProof }
  /** Known to the issuer, not anchored yet: ask again shortly. */
  | { state: 'pending' }
  /** The issuer has no credential with this hash (or serves no anchor proofs). */
  | { state: 'not-found' }
  /** No usable answer (network down, 5xx, rate limited, or a proof that is not about this credential). */
  | { state: 'unavailable'; detail: string; retryAfterMs?: number };

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Asks the issuer that delivered a credential for its anchor proof, once.
 * @param fetchFn - fetch.
 * @param credentialIssuer - the Credential Issuer Identifier that delivered it.
 * @param jwt - the credential.
 * @returns what the issuer said; never throws.
 */
export async function fetchAnchorProof(
  fetchFn: FetchLike,
  credentialIssuer: string,
  jwt: string,
): Promise<AnchorLookup> {
  const url = anchorProofUrl(credentialIssuer, credentialJwtHash(jwt));
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: 'application/json' } });
  } catch {
    return { state: 'unavailable', detail: `cannot reach ${new URL(url).host}` };
  }
  if (response.status === 404) {
    await response.body?.cancel().catch(() => undefined);
    return { state: 'not-found' };
  }
  if (!response.ok) {
    const error = await apiErrorOf(response);
    const wait = retryAfterMs(response);
    return {
      state: 'unavailable',
      detail: error.detail,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    return { state: 'unavailable', detail: 'the issuer sent an unreadable answer' };
  }
  const state = (body as { state?: unknown } | null)?.state;
  if (response.status === 202 || state === 'pending') return { state: 'pending' };
  const proof = parseAnchorProof((body as { proof?: unknown } | null)?.proof);
  if (state !== 'anchored' || proof === undefined) {
    return { state: 'unavailable', detail: 'the issuer sent no readable anchor proof' };
  }
  if (!proofMatchesCredential(proof, jwt)) {
    return { state: 'unavailable', detail: 'the issuer sent an anchor proof of another credential' };
  }
  return { state: 'anchored', proof };
}

/** Delays between attempts while a credential is pending or its issuer does not answer (ms): about a minute. */
export const ANCHOR_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 15_000, 30_000];

/** How {@link waitForAnchorProof} waits and stops. */
export interface AnchorWaitOptions {
  /** Delays before each further attempt (ms); {@link ANCHOR_RETRY_DELAYS_MS} by default. */
  delaysMs?: readonly number[];
  /** Stops waiting (the result is then the last answer). */
  signal?: AbortSignal;
  /** Waits (tests pass a fake clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told each answer, in order (e.g. to show "being registered"). */
  onAnswer?: (lookup: AnchorLookup, attempt: number) => void;
}

/** Resolves after `ms`, or at once when the signal aborts. */
function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Fetches a credential's anchor proof, asking again with back-off while the issuer says it is pending or does not
 * answer; stops at the proof, at `not-found` (the issuer will never have one), when the delays run out or when
 * aborted.
 * @param fetchFn - fetch.
 * @param credentialIssuer - the Credential Issuer Identifier that delivered the credential.
 * @param jwt - the credential.
 * @param options - delays, abort signal, clock, progress callback.
 * @returns the last answer.
 */
export async function waitForAnchorProof(
  fetchFn: FetchLike,
  credentialIssuer: string,
  jwt: string,
  options: AnchorWaitOptions = {},
): Promise<AnchorLookup> {
  const delays = options.delaysMs ?? ANCHOR_RETRY_DELAYS_MS;
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    const lookup = await fetchAnchorProof(fetchFn, credentialIssuer, jwt);
    options.onAnswer?.(lookup, attempt);
    if (lookup.state === 'anchored' || lookup.state === 'not-found') return lookup;
    if (attempt >= delays.length || options.signal?.aborted) return lookup;
    const wait =
      lookup.state === 'unavailable' && lookup.retryAfterMs !== undefined
        ? Math.max(delays[attempt]!, Math.min(lookup.retryAfterMs, 60_000))
        : delays[attempt]!;
    await sleep(wait, options.signal);
    if (options.signal?.aborted) return lookup;
  }
}
