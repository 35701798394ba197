/**
 * The holder side of OpenID for Verifiable Credential Issuance (draft 15), pre-authorised code flow, done by hand
 * with fetch: offer → issuer metadata → token (with the PIN when asked) → nonce → credential request with a key
 * proof JWT signed by the holder key.
 */
import { ApiError } from './api-error.ts';
import { fetchJson, type FetchLike } from './fetch-json.ts';
import type { HolderKey } from './holder-key.ts';
import { decodeJwt } from './jws.ts';

/** The pre-authorised grant type. */
export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
/** `typ` of an OID4VCI key proof. */
export const PROOF_TYP = 'openid4vci-proof+jwt';

/** What an offer asks of the holder besides accepting: a transaction code (PIN) given through another channel. */
export interface TxCode {
  length?: number;
  inputMode: 'numeric' | 'text';
  description?: string;
}

/** A credential offer, parsed. */
export interface CredentialOffer {
  /** The Credential Issuer Identifier (a URL). */
  credentialIssuer: string;
  configurationIds: string[];
  preAuthorizedCode: string;
  /** Present when the token request needs a PIN. */
  txCode?: TxCode;
}

/** What the holder is shown before accepting. */
export interface OfferPreview {
  offer: CredentialOffer;
  /** Issuer display name from its metadata (or its host). */
  issuerName: string;
  /** Display name of the offered credential, e.g. `Medical License`. */
  credentialName: string;
  metadata: IssuerMetadata;
}

/** The parts of the Credential Issuer Metadata the wallet uses. */
export interface IssuerMetadata {
  credential_issuer: string;
  credential_endpoint: string;
  nonce_endpoint?: string;
  token_endpoint?: string;
  authorization_servers?: string[];
  display?: Array<{ name?: string; locale?: string }>;
  credential_configurations_supported?: Record<
    string,
    { format?: string; display?: Array<{ name?: string; locale?: string }> }
  >;
}

/** A received credential. */
export interface ReceivedCredential {
  /** The JWT-VC. */
  credential: string;
  configurationId: string;
  issuerName: string;
  credentialIssuer: string;
  /** The wallet DID the credential is bound to (whose key proved possession). */
  holderDid: string;
}

/** An offer or issuance failure, explained for the holder. */
export class OfferError extends Error {
  /**
   * @param message - what went wrong, for people.
   * @param code - protocol error code when the issuer sent one.
   */
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'OfferError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function httpUrl(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new OfferError(`${what} is missing`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OfferError(`${what} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OfferError(`${what} must be an http(s) URL`);
  return value.replace(/\/+$/, '');
}

/**
 * Parses a `credential_offer` object.
 * @param value - the JSON object.
 * @returns the offer.
 * @throws OfferError when it is not a pre-authorised offer.
 */
export function parseCredentialOfferObject(value: unknown): CredentialOffer {
  if (!isObject(value)) throw new OfferError('the credential offer is not a JSON object');
  const credentialIssuer = httpUrl(value.credential_issuer, 'the offer’s credential issuer');
  const ids = value.credential_configuration_ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((x) => typeof x === 'string')) {
    throw new OfferError('the offer names no credential');
  }
  const grant = isObject(value.grants) ? value.grants[PRE_AUTHORIZED_GRANT] : undefined;
  if (!isObject(grant) || typeof grant['pre-authorized_code'] !== 'string') {
    throw new OfferError(
      'this offer needs a sign-in flow this wallet does not support (no pre-authorised code)',
    );
  }
  const tx = grant.tx_code;
  const txCode: TxCode | undefined = isObject(tx)
    ? {
        inputMode: tx.input_mode === 'text' ? 'text' : 'numeric',
        ...(typeof tx.length === 'number' ? { length: tx.length } : {}),
        ...(typeof tx.description === 'string' ? { description: tx.description.slice(0, 300) } : {}),
      }
    : undefined;
  return {
    credentialIssuer,
    configurationIds: ids as string[],
    preAuthorizedCode: grant['pre-authorized_code'],
    ...(txCode ? { txCode } : {}),
  };
}

/**
 * Reads an offer link: `openid-credential-offer://?credential_offer=…` (or any URL with that query, or the bare
 * JSON), fetching `credential_offer_uri` when the offer is passed by reference.
 * @param link - what the holder pasted or scanned.
 * @param fetchFn - fetch.
 * @returns the offer.
 * @throws OfferError when the link is not a usable offer.
 */
export async function resolveOfferLink(link: string, fetchFn: FetchLike): Promise<CredentialOffer> {
  const text = link.trim();
  if (text.startsWith('{')) {
    try {
      return parseCredentialOfferObject(JSON.parse(text));
    } catch (error) {
      if (error instanceof OfferError) throw error;
      throw new OfferError('the offer is not valid JSON');
    }
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OfferError(
      'this is not a credential offer link (it should start with openid-credential-offer://)',
    );
  }
  const inline = url.searchParams.get('credential_offer');
  const reference = url.searchParams.get('credential_offer_uri');
  if (inline !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(inline);
    } catch {
      throw new OfferError('the offer in this link is not valid JSON');
    }
    return parseCredentialOfferObject(parsed);
  }
  if (reference !== null) {
    const offerUrl = httpUrl(reference, 'the offer reference');
    try {
      return parseCredentialOfferObject(await fetchJson(fetchFn, offerUrl));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new OfferError('this offer has expired or was already used');
      }
      throw error;
    }
  }
  throw new OfferError('this link carries no credential offer');
}

function displayName(display: IssuerMetadata['display'], fallback: string): string {
  const names = (display ?? []).filter((d) => typeof d?.name === 'string');
  return (names.find((d) => d.locale?.startsWith('en')) ?? names[0])?.name ?? fallback;
}

/**
 * Fetches the issuer's metadata and describes the offer for the holder.
 * @param offer - the offer.
 * @param fetchFn - fetch.
 * @returns issuer and credential names, and the metadata.
 */
export async function previewOffer(offer: CredentialOffer, fetchFn: FetchLike): Promise<OfferPreview> {
  const metadata = await fetchJson<IssuerMetadata>(
    fetchFn,
    `${offer.credentialIssuer}/.well-known/openid-credential-issuer`,
  );
  if (!isObject(metadata) || metadata.credential_issuer?.replace(/\/+$/, '') !== offer.credentialIssuer) {
    throw new OfferError('the issuer’s metadata does not match the offer');
  }
  httpUrl(metadata.credential_endpoint, 'the issuer’s credential endpoint');
  const configurationId = offer.configurationIds[0]!;
  const configuration = metadata.credential_configurations_supported?.[configurationId];
  if (!configuration) throw new OfferError('the issuer does not describe the offered credential');
  if (configuration.format !== undefined && configuration.format !== 'jwt_vc_json') {
    throw new OfferError(`this wallet cannot hold credentials in ${configuration.format} format`);
  }
  return {
    offer,
    metadata,
    issuerName: displayName(metadata.display, new URL(offer.credentialIssuer).host),
    credentialName: displayName(configuration.display, configurationId.replace(/_jwt_vc_json$/, '')),
  };
}

async function tokenEndpoint(preview: OfferPreview, fetchFn: FetchLike): Promise<string> {
  if (preview.metadata.token_endpoint) return httpUrl(preview.metadata.token_endpoint, 'the token endpoint');
  const server = preview.metadata.authorization_servers?.[0] ?? preview.offer.credentialIssuer;
  const as = await fetchJson<{ token_endpoint?: string }>(
    fetchFn,
    `${server.replace(/\/+$/, '')}/.well-known/oauth-authorization-server`,
  );
  return httpUrl(as?.token_endpoint, 'the token endpoint');
}

function explain(error: unknown, step: 'token' | 'credential'): never {
  if (error instanceof ApiError && error.status > 0) {
    if (step === 'token' && error.code === 'invalid_grant') {
      throw new OfferError(
        /tx_code/.test(error.detail)
          ? 'The PIN is wrong. Check it and try again (the offer locks after a few wrong attempts).'
          : 'This offer has expired, was already used or was locked after wrong PINs. Ask the issuer for a new one.',
        error.code,
      );
    }
    if (step === 'token' && error.code === 'invalid_request' && /tx_code/.test(error.detail)) {
      throw new OfferError('This offer needs the PIN the issuer gave you.', error.code);
    }
    if (error.code === 'invalid_proof') {
      throw new OfferError(
        'The issuer did not accept this wallet’s key: the credential was issued to another DID.',
        error.code,
      );
    }
    throw new OfferError(`The issuer refused: ${error.detail}`, error.code);
  }
  throw error;
}

/**
 * Runs the pre-authorised code flow and returns the credential.
 *
 * The wallet holds several DIDs (its main one and one per visit) and cannot tell from an offer which one the
 * credential was issued to: it proves possession with each in turn (`holder`, then `alternates` in order; the wallet
 * puts visit DIDs first for a treatment record), with a fresh nonce each time, until the issuer accepts a proof
 * (`invalid_proof` means "not this key").
 * @param input - the previewed offer, the PIN when asked, the holder key (and other keys of the wallet to try),
 *   fetch and clock.
 * @returns the credential JWT, where it came from, and the DID it is bound to.
 * @throws OfferError with a holder-readable message; ApiError when a service cannot be reached.
 */
export async function receiveCredential(input: {
  preview: OfferPreview;
  txCode?: string;
  holder: HolderKey;
  /** Further keys of this wallet to try when the issuer refuses the holder key's proof. */
  alternates?: readonly HolderKey[];
  fetchFn: FetchLike;
  now?: () => Date;
}): Promise<ReceivedCredential> {
  const { preview, fetchFn } = input;
  const { offer, metadata } = preview;
  const now = input.now ?? (() => new Date());
  if (offer.txCode && !input.txCode) throw new OfferError('This offer needs the PIN the issuer gave you.');

  const form = new URLSearchParams({
    grant_type: PRE_AUTHORIZED_GRANT,
    'pre-authorized_code': offer.preAuthorizedCode,
  });
  if (offer.txCode && input.txCode) form.set('tx_code', input.txCode.trim());
  let token: { access_token?: string; c_nonce?: string };
  try {
    token = await fetchJson(fetchFn, await tokenEndpoint(preview, fetchFn), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  } catch (error) {
    explain(error, 'token');
  }
  const accessToken = token?.access_token;
  if (typeof accessToken !== 'string') throw new OfferError('the issuer sent no access token');

  const configurationId = offer.configurationIds[0]!;
  const keys = [input.holder, ...(input.alternates ?? []).filter((k) => k.did !== input.holder.did)];
  let tokenNonce = token.c_nonce;
  for (const [attempt, holder] of keys.entries()) {
    let nonce = tokenNonce;
    tokenNonce = undefined; // a nonce proves one key once
    if (metadata.nonce_endpoint) {
      const answer = await fetchJson<{ c_nonce?: string }>(
        fetchFn,
        httpUrl(metadata.nonce_endpoint, 'nonce endpoint'),
        { method: 'POST' },
      );
      nonce = answer?.c_nonce ?? nonce;
    }
    const proof = holder.signJwt(
      { typ: PROOF_TYP },
      {
        aud: offer.credentialIssuer,
        iat: Math.floor(now().getTime() / 1000),
        ...(nonce ? { nonce } : {}),
      },
    );
    let answer: { credentials?: Array<{ credential?: unknown }>; credential?: unknown };
    try {
      answer = await fetchJson(fetchFn, httpUrl(metadata.credential_endpoint, 'credential endpoint'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({
          credential_configuration_id: configurationId,
          proof: { proof_type: 'jwt', jwt: proof },
        }),
      });
    } catch (error) {
      const anotherKey = attempt + 1 < keys.length;
      if (anotherKey && error instanceof ApiError && error.code === 'invalid_proof') continue;
      explain(error, 'credential');
    }
    const credential = answer?.credentials?.[0]?.credential ?? answer?.credential;
    if (typeof credential !== 'string')
      throw new OfferError('the issuer sent no credential this wallet can read');
    const payload = decodeJwt(credential)?.payload;
    const vc = payload?.vc as { credentialSubject?: { id?: unknown } } | undefined;
    const subject = payload?.sub ?? vc?.credentialSubject?.id;
    if (subject !== holder.did)
      throw new OfferError('the credential received is not about this wallet’s DID');
    return {
      credential,
      configurationId,
      issuerName: preview.issuerName,
      credentialIssuer: offer.credentialIssuer,
      holderDid: holder.did,
    };
  }
  throw new OfferError('this wallet has no key to receive the credential with');
}
