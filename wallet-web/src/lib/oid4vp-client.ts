/**
 * The holder side of OpenID for Verifiable Presentations 1.0 (request by reference, `direct_post`), by hand with
 * fetch: read the `openid4vp://` link, fetch and check the signed request object, match the wallet's credentials
 * to its DCQL query, build the presentation (a VP JWT bound to the request's nonce and audience) and post it.
 */
import { ApiError } from './api-error.ts';
import { ed25519KeyOfDidKey } from './did-key.ts';
import type { AnchorProof } from './anchor-proof.ts';
import { apiErrorOf, fetchJson, type FetchLike } from './fetch-json.ts';
import { verifyEd25519, type HolderKey } from './holder-key.ts';
import { decodeJwt, type JsonObject } from './jws.ts';
import { credentialJwtHash } from './review-signing.ts';
import type { StoredCredential } from './wallet-contents.ts';

/** The `client_id` prefix of verifiers identified by a DID. */
const DID_CLIENT_PREFIX = 'decentralized_identifier:';
/** VCDM 1.1 base context. */
const VCDM_V1 = 'https://www.w3.org/2018/credentials/v1';

/** One credential the verifier asks for (a DCQL credential query, or a PEX input descriptor). */
export interface RequestedCredential {
  /** Query id (`vp_token` key). */
  id: string;
  /** Accepted type sets: a credential matches when its `type` contains every type of one set. */
  typeSets: string[][];
  /** Human name of what is asked, when the verifier gave one. */
  name?: string;
  /** Why, when the verifier said. */
  purpose?: string;
  /** The claims the verifier says it needs (subject member names), when known. */
  claims: Array<{ name: string; purpose?: string }>;
}

/** A presentation request the holder can consent to. */
export interface PresentationRequest {
  /** `client_id` (the audience of the presentation). */
  clientId: string;
  /** The verifier's DID, when identified by one (the request object was signed by its key). */
  verifierDid?: string;
  /** The verifier's display name from its metadata (unverified), or its host. */
  verifierName: string;
  /** Host the answer goes to. */
  verifierHost: string;
  responseUri: string;
  nonce: string;
  state?: string;
  /** What the verifier asks for. */
  credentials: RequestedCredential[];
  /** Title and purpose of the whole request, when known. */
  title?: string;
  purpose?: string;
}

/** A request that cannot be used, explained for the holder. */
export class PresentationRequestError extends Error {
  /** @param message - what went wrong, for people. */
  constructor(message: string) {
    super(message);
    this.name = 'PresentationRequestError';
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function httpUrl(value: unknown, what: string): URL {
  if (typeof value !== 'string') throw new PresentationRequestError(`${what} is missing`);
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url;
  } catch {
    // fall through
  }
  throw new PresentationRequestError(`${what} is not an http(s) URL`);
}

function dcqlCredentials(query: unknown): RequestedCredential[] {
  const list = isObject(query) ? query.credentials : undefined;
  if (!Array.isArray(list) || list.length === 0)
    throw new PresentationRequestError('the request asks for nothing');
  return list.map((entry, i) => {
    const q = isObject(entry) ? entry : {};
    const meta = isObject(q.meta) ? q.meta : {};
    const typeSets = Array.isArray(meta.type_values)
      ? meta.type_values.filter(
          (s): s is string[] => Array.isArray(s) && s.every((t) => typeof t === 'string'),
        )
      : [];
    const claims = Array.isArray(q.claims)
      ? q.claims.flatMap((c) => {
          const path = isObject(c) && Array.isArray(c.path) ? c.path : [];
          const name = path[path.length - 1];
          return typeof name === 'string' ? [{ name }] : [];
        })
      : [];
    return { id: typeof q.id === 'string' ? q.id : `credential_${i}`, typeSets, claims };
  });
}

/** Claims a PEX field names: `$.credentialSubject.x` / `$.vc.credentialSubject.x` → `x`. */
function pexClaims(descriptor: JsonObject): Array<{ name: string; purpose?: string }> {
  const constraints = isObject(descriptor.constraints) ? descriptor.constraints : {};
  const fields = Array.isArray(constraints.fields) ? constraints.fields : [];
  return fields.flatMap((f) => {
    if (!isObject(f) || !Array.isArray(f.path)) return [];
    const path = f.path.find((p): p is string => typeof p === 'string' && /credentialSubject\.\w+$/.test(p));
    const name = path ? /credentialSubject\.(\w+)$/.exec(path)?.[1] : undefined;
    return name ? [{ name, ...(typeof f.purpose === 'string' ? { purpose: f.purpose } : {}) }] : [];
  });
}

/**
 * Adds the names, purposes and claims of a Presentation Exchange definition (as a medtrust verifier publishes it
 * beside the request) to the requested credentials, matching descriptors by id.
 * @param request - the request.
 * @param definition - the presentation definition.
 * @param title - the request's title.
 * @returns the request, enriched.
 */
export function withPresentationDefinition(
  request: PresentationRequest,
  definition: unknown,
  title?: string,
): PresentationRequest {
  if (!isObject(definition) || !Array.isArray(definition.input_descriptors)) return request;
  const descriptors = definition.input_descriptors.filter(isObject);
  return {
    ...request,
    ...(title ? { title } : {}),
    ...(typeof definition.purpose === 'string' ? { purpose: definition.purpose } : {}),
    credentials: request.credentials.map((c) => {
      const d = descriptors.find((x) => x.id === c.id);
      if (!d) return c;
      return {
        ...c,
        ...(typeof d.name === 'string' ? { name: d.name } : {}),
        ...(typeof d.purpose === 'string' ? { purpose: d.purpose } : {}),
        claims: c.claims.length > 0 ? c.claims : pexClaims(d),
      };
    }),
  };
}

/**
 * Fetches and checks the signed request object behind an `openid4vp://` link.
 * @param link - `openid4vp://?client_id=…&request_uri=…` (or any URL with those parameters).
 * @param fetchFn - fetch.
 * @param now - the clock.
 * @returns the request.
 * @throws PresentationRequestError when the link or the request object is unusable or not signed by the verifier.
 */
export async function loadPresentationRequest(
  link: string,
  fetchFn: FetchLike,
  now: () => Date = () => new Date(),
): Promise<PresentationRequest> {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new PresentationRequestError(
      'this is not a presentation request link (it should start with openid4vp://)',
    );
  }
  const clientId = url.searchParams.get('client_id');
  const requestUri = url.searchParams.get('request_uri');
  if (!clientId || !requestUri) {
    throw new PresentationRequestError(
      'this link carries no presentation request (client_id and request_uri)',
    );
  }
  const method = url.searchParams.get('request_uri_method') === 'post' ? 'POST' : 'GET';
  let response: Response;
  try {
    response = await fetchFn(httpUrl(requestUri, 'the request URI').toString(), {
      method,
      headers: { accept: 'application/oauth-authz-req+jwt, application/jwt' },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', `cannot reach ${new URL(requestUri).host}`);
  }
  if (response.status === 404)
    throw new PresentationRequestError('this request has expired or was already answered');
  if (!response.ok) throw await apiErrorOf(response);
  const jwt = (await response.text()).trim();
  const decoded = decodeJwt(jwt);
  if (!decoded) throw new PresentationRequestError('the verifier sent an unreadable request');
  const { header, payload } = decoded;

  let verifierDid: string | undefined;
  if (clientId.startsWith(DID_CLIENT_PREFIX)) {
    verifierDid = clientId.slice(DID_CLIENT_PREFIX.length);
    const key = ed25519KeyOfDidKey(verifierDid);
    const kid = typeof header.kid === 'string' ? header.kid : '';
    if (!key || header.alg !== 'EdDSA' || (kid !== verifierDid && !kid.startsWith(`${verifierDid}#`))) {
      throw new PresentationRequestError('the request is not signed by a key this wallet can check');
    }
    if (!verifyEd25519(decoded.signingInput, decoded.signature, key)) {
      throw new PresentationRequestError('the request’s signature is invalid: do not trust it');
    }
  } else if (header.alg === 'none' || !/^(https?:|redirect_uri:)/.test(clientId)) {
    throw new PresentationRequestError('the verifier is not identified in a way this wallet can check');
  }
  if (payload.client_id !== clientId)
    throw new PresentationRequestError('the request names another verifier');
  const seconds = now().getTime() / 1000;
  if (typeof payload.exp === 'number' && payload.exp < seconds - 60) {
    throw new PresentationRequestError('this request has expired');
  }
  if (payload.response_type !== undefined && payload.response_type !== 'vp_token') {
    throw new PresentationRequestError('this wallet only answers vp_token requests');
  }
  if (payload.response_mode !== 'direct_post') {
    throw new PresentationRequestError('this wallet only answers requests with response_mode direct_post');
  }
  const responseUri = httpUrl(payload.response_uri, 'the response URI');
  if (typeof payload.nonce !== 'string' || payload.nonce === '') {
    throw new PresentationRequestError('the request has no nonce');
  }
  const metadata = isObject(payload.client_metadata) ? payload.client_metadata : {};
  let credentials: RequestedCredential[];
  if (payload.dcql_query !== undefined) credentials = dcqlCredentials(payload.dcql_query);
  else if (isObject(payload.presentation_definition)) {
    const descriptors = Array.isArray(payload.presentation_definition.input_descriptors)
      ? payload.presentation_definition.input_descriptors.filter(isObject)
      : [];
    credentials = descriptors.map((d, i) => ({
      id: typeof d.id === 'string' ? d.id : `credential_${i}`,
      typeSets: [],
      claims: pexClaims(d),
      ...(typeof d.name === 'string' ? { name: d.name } : {}),
      ...(typeof d.purpose === 'string' ? { purpose: d.purpose } : {}),
    }));
  } else throw new PresentationRequestError('the request has no query this wallet understands');
  return {
    clientId,
    ...(verifierDid ? { verifierDid } : {}),
    verifierName:
      typeof metadata.client_name === 'string' ? metadata.client_name.slice(0, 100) : responseUri.host,
    verifierHost: responseUri.host,
    responseUri: responseUri.toString(),
    nonce: payload.nonce,
    ...(typeof payload.state === 'string' ? { state: payload.state } : {}),
    credentials,
  };
}

/**
 * The `type` list of a stored JWT credential.
 * @param jwt - the JWT-VC.
 * @returns its types (empty when unreadable).
 */
export function typesOfCredential(jwt: string): string[] {
  const payload = decodeJwt(jwt)?.payload;
  const vc = isObject(payload?.vc) ? payload.vc : payload;
  const type = vc?.type;
  return Array.isArray(type)
    ? type.filter((t): t is string => typeof t === 'string')
    : typeof type === 'string'
      ? [type]
      : [];
}

/** Expiry (`exp`, ms) of a JWT credential, when it has one. */
function expiryOf(jwt: string): number | undefined {
  const exp = decodeJwt(jwt)?.payload.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

/**
 * Picks, for each requested credential, the newest unexpired held credential of a matching type.
 * @param request - the request.
 * @param held - the wallet's credentials.
 * @param now - the clock.
 * @returns one entry per requested credential; `credential` undefined when none matches.
 */
export function matchCredentials(
  request: PresentationRequest,
  held: readonly StoredCredential[],
  now: Date = new Date(),
): Array<{ requested: RequestedCredential; credential?: StoredCredential }> {
  return request.credentials.map((requested) => {
    const candidates = held
      .filter((c) => {
        const types = typesOfCredential(c.jwt);
        const sets = requested.typeSets.length > 0 ? requested.typeSets : [['VerifiableCredential']];
        return sets.some((set) => set.every((t) => types.includes(t)));
      })
      .filter((c) => (expiryOf(c.jwt) ?? Infinity) > now.getTime())
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    return { requested, ...(candidates[0] ? { credential: candidates[0] } : {}) };
  });
}

/**
 * Builds a VP JWT (VCDM 1.1, as did-jwt-vc does): `iss` the holder, `aud` the verifier, `nonce` the request's; the
 * presented credentials' anchor proofs, when the wallet holds them, as `vp.anchorProofs` beside
 * `verifiableCredential` (signed by the holder with the rest, so the verifier need not ask each issuer).
 * @param holder - the holder key.
 * @param credentials - JWT-VCs to present.
 * @param binding - the request's nonce and audience, and the anchor proofs of the credentials presented.
 * @param now - the clock.
 * @returns the compact JWS.
 */
export function buildPresentation(
  holder: HolderKey,
  credentials: readonly string[],
  binding: { nonce: string; audience: string; anchorProofs?: readonly AnchorProof[] },
  now: Date = new Date(),
): string {
  const iat = Math.floor(now.getTime() / 1000);
  // at most one proof per credential presented, and only theirs (a verifier reads no other)
  const hashes = new Set(credentials.map((jwt) => credentialJwtHash(jwt)));
  const seen = new Set<string>();
  const anchorProofs = (binding.anchorProofs ?? []).filter((proof) => {
    const hash = proof.credentialHash.toLowerCase();
    if (!hashes.has(hash) || seen.has(hash)) return false;
    seen.add(hash);
    return true;
  });
  return holder.signJwt(
    { typ: 'JWT' },
    {
      iss: holder.did,
      aud: binding.audience,
      nonce: binding.nonce,
      iat,
      nbf: iat,
      exp: iat + 600,
      jti: `urn:uuid:${crypto.randomUUID()}`,
      vp: {
        '@context': [VCDM_V1],
        type: ['VerifiablePresentation'],
        holder: holder.did,
        verifiableCredential: [...credentials],
        ...(anchorProofs.length > 0 ? { anchorProofs: anchorProofs.map((p) => ({ ...p })) } : {}),
      },
    },
  );
}

/**
 * Sends the presentation to the verifier (`direct_post`): `vp_token` as a DCQL response (every query id mapped
 * to this one presentation) and `state`.
 * @param request - the request.
 * @param presentation - the VP JWT.
 * @param fetchFn - fetch.
 * @returns the verifier's answer (`redirect_uri` when it sent one).
 * @throws ApiError when the verifier refuses or cannot be reached.
 */
export async function submitPresentation(
  request: PresentationRequest,
  presentation: string,
  fetchFn: FetchLike,
): Promise<{ redirectUri?: string }> {
  const vpToken = Object.fromEntries(request.credentials.map((c) => [c.id, [presentation]]));
  const form = new URLSearchParams({ vp_token: JSON.stringify(vpToken) });
  if (request.state !== undefined) form.set('state', request.state);
  const answer = await fetchJson<{ redirect_uri?: unknown }>(fetchFn, request.responseUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return typeof answer?.redirect_uri === 'string' ? { redirectUri: answer.redirect_uri } : {};
}

/**
 * Tells the verifier the holder declined (`error=access_denied`).
 * @param request - the request.
 * @param fetchFn - fetch.
 */
export async function declinePresentation(request: PresentationRequest, fetchFn: FetchLike): Promise<void> {
  const form = new URLSearchParams({ error: 'access_denied', error_description: 'the holder declined' });
  if (request.state !== undefined) form.set('state', request.state);
  await fetchJson(fetchFn, request.responseUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
}
