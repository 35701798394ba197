import {
  PassBy,
  RP,
  ResponseMode,
  ResponseType,
  SupportedVersion,
  type CreateJwtCallback,
  type RPBuilder,
} from '@sphereon/did-auth-siop';
import type { DcqlQuery } from '../exchange/dcql-query.ts';
import type { VerifierKey } from './verifier-key.ts';

/** JWS algorithms medtrust accepts in presented credentials and presentations (the verifier's allow-list). */
export const PRESENTATION_ALGORITHMS = ['ES256K', 'ES256K-R', 'EdDSA'] as const;

/** Everything one OID4VP authorization request carries. */
export interface AuthorizationRequestParams {
  /** `decentralized_identifier:<did:key of the verifier>` (see {@link oid4vpClientId}). */
  clientId: string;
  /** Where the wallet GETs the request object (`request_uri`). */
  requestUri: string;
  /** Where the wallet POSTs `vp_token` (`response_uri`, `response_mode=direct_post`). */
  responseUri: string;
  /** The presentation request's single-use nonce. */
  nonce: string;
  /** Echoed by the wallet; the presentation request id. */
  state: string;
  /** What to present. */
  dcqlQuery: DcqlQuery;
}

/**
 * The OID4VP client identifier of the verifier: its `did:key` under the `decentralized_identifier` prefix
 * (OpenID for Verifiable Presentations 1.0, section 5.9.3), so request objects are signed by that DID's key.
 * @param key - the verifier key.
 */
export function oid4vpClientId(key: VerifierKey): string {
  return `decentralized_identifier:${key.did}`;
}

/**
 * The authorization request URI a QR code carries: `openid4vp://?client_id=…&request_uri=…` (request by
 * reference).
 * @param params - client id and request URI.
 */
export function authorizationRequestUri(
  params: Pick<AuthorizationRequestParams, 'clientId' | 'requestUri'>,
): string {
  const query = new URLSearchParams({ client_id: params.clientId, request_uri: params.requestUri });
  return `openid4vp://?${query.toString()}`;
}

function signer(key: VerifierKey): CreateJwtCallback {
  return async (_issuer, jwt) => {
    const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const signingInput = `${encode(jwt.header)}.${encode(jwt.payload)}`;
    const signature = Buffer.from(key.sign(Buffer.from(signingInput))).toString('base64url');
    return `${signingInput}.${signature}`;
  };
}

/**
 * Builds the signed request object (`typ: oauth-authz-req+jwt`, `alg: EdDSA`, `kid` = the verifier's did:key
 * verification method) with `@sphereon/did-auth-siop`'s relying party for OID4VP 1.0: `response_type=vp_token`,
 * `response_mode=direct_post`, the nonce, state and DCQL query, and client metadata listing the accepted formats.
 * Made on every fetch, so its `iat`/`exp` (Sphereon's two-minute window) start when the wallet asks.
 * @param key - the verifier key that signs it.
 * @param params - the request.
 * @returns the compact JWS.
 */
export async function signedRequestObject(
  key: VerifierKey,
  params: AuthorizationRequestParams,
): Promise<string> {
  const rp = RP.builder({ requestVersion: SupportedVersion.OID4VP_v1 })
    .withClientId(params.clientId)
    .withResponseType(ResponseType.VP_TOKEN)
    .withResponseMode(ResponseMode.DIRECT_POST)
    .withResponseUri(params.responseUri)
    .withRequestBy(PassBy.REFERENCE, params.requestUri)
    .withSupportedVersions([SupportedVersion.OID4VP_v1])
    .withClientMetadata({
      client_id: params.clientId,
      client_name: 'medtrust verifier',
      passBy: PassBy.VALUE,
      vp_formats_supported: { jwt_vc_json: { alg_values: [...PRESENTATION_ALGORITHMS] } },
    })
    .withDcqlQuery(params.dcqlQuery as unknown as Parameters<RPBuilder['withDcqlQuery']>[0])
    .withCreateJwtCallback(signer(key))
    .build();
  const request = await rp.createAuthorizationRequest({
    correlationId: params.state,
    nonce: params.nonce,
    state: params.state,
    jwtIssuer: { method: 'did', didUrl: key.kid, alg: key.alg },
  });
  const jwt = await request.requestObjectJwt();
  if (!jwt) throw new Error('the relying party produced no request object');
  return jwt;
}
