import { createHmac, randomUUID } from 'node:crypto';
import {
  AuthorizationServerMetadataBuilder,
  createCredentialOfferObject,
  createCredentialOfferURIFromObject,
  generateAccessToken,
  IssuerMetadataBuilderV1_15,
  MemoryStates,
  VcIssuerBuilder,
  type CredentialIssuanceInput,
} from '@sphereon/oid4vci-issuer';
import {
  AUD_ERROR,
  GrantTypes,
  IAT_ERROR,
  IssueStatus,
  PRE_AUTH_GRANT_LITERAL,
  TYP_ERROR,
  type AuthorizationServerMetadata,
  type CredentialConfigurationSupportedV1_0_15,
  type CredentialOfferSession,
  type CredentialRequestV1_0_15,
  type IssuerMetadataV1_0_15,
  type JwtVerifyResult,
  type OAuthGrantType,
} from '@sphereon/oid4vci-common';
import {
  CREDENTIAL_CONFIGURATIONS,
  CREDENTIAL_FORMAT,
  configurationById,
  type CredentialConfiguration,
} from './credential-configurations.ts';
import { HolderProofError } from './holder-proof-verifier.ts';
import { decodeJws, HOLDER_PROOF_ALGORITHMS, signHs256, verifyHs256 } from './jws.ts';
import { NonceStates } from './nonce-states.ts';
import { OAuthError } from './oauth-error.ts';
import type {
  CredentialOfferInput,
  CredentialRequestInput,
  JsonObject,
  Oid4vciProtocol,
} from './oid4vci-protocol.ts';
import { silenceSphereonLogging } from './sphereon-logging.ts';

/** The OID4VCI version `@sphereon/oid4vci-issuer` / `-client` 0.20.1 implement (`OpenId4VCIVersion.VER_1_0_15`). */
export const SPHEREON_SPEC_VERSION =
  'OpenID4VCI 1.0 draft 15 (Sphereon VER_1_0_15), with draft 13 compatibility';

/** Algorithm medtrust issuers sign credentials with (did:ethr keys). */
const CREDENTIAL_SIGNING_ALGORITHMS = ['ES256K'];

/** Options of {@link createSphereonProtocol}. */
export interface SphereonProtocolOptions {
  /** Credential Issuer Identifier: the URL the OID4VCI router is mounted at (no trailing slash). */
  baseUrl: string;
  /** `cryptographic_binding_methods_supported`, e.g. `['did:key', 'did:jwk']`. */
  holderDidMethods: readonly string[];
  /** Secret (≥ 32 bytes) from which the access-token and nonce keys are derived. */
  secret: Uint8Array;
  /** Clock. */
  now: () => Date;
  /** Issuer display name in the metadata; default `medtrust`. */
  issuerName?: string;
  /** Access token lifetime in seconds; default 300. */
  accessTokenTtlSeconds?: number;
  /** `c_nonce` lifetime in seconds; default 300. */
  nonceTtlSeconds?: number;
}

/** Messages of the proof checks Sphereon runs itself; safe to return to the wallet. */
const SPHEREON_PROOF_ERRORS = [TYP_ERROR, AUD_ERROR, IAT_ERROR];

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deriveKey(secret: Uint8Array, purpose: string): Buffer {
  return createHmac('sha256', Buffer.from(secret)).update(`medtrust/oid4vci/${purpose}`).digest();
}

function configurationSupported(
  configuration: CredentialConfiguration,
  holderDidMethods: readonly string[],
): CredentialConfigurationSupportedV1_0_15 {
  return {
    format: CREDENTIAL_FORMAT,
    scope: configuration.type,
    credential_definition: { type: [...configuration.vcTypes] },
    cryptographic_binding_methods_supported: [...holderDidMethods],
    credential_signing_alg_values_supported: CREDENTIAL_SIGNING_ALGORITHMS,
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...HOLDER_PROOF_ALGORITHMS] } },
    display: [{ name: configuration.displayName, locale: 'en' }],
  } as CredentialConfigurationSupportedV1_0_15;
}

/**
 * Checks the credential request against the offered configuration and reduces it to the draft 15 form Sphereon
 * validates: `{credential_configuration_id, proof: {proof_type: 'jwt', jwt}}`. Accepts the draft 15 form
 * (`credential_configuration_id`, `proof` or `proofs.jwt` with exactly one proof) and the draft 13 form (`format` +
 * `credential_definition.type`).
 */
function normalizeCredentialRequest(
  body: unknown,
  offered: CredentialConfiguration,
): CredentialRequestV1_0_15 {
  if (!isRecord(body)) throw new OAuthError(400, 'invalid_credential_request', 'body must be a JSON object');
  if (body.credential_identifier !== undefined) {
    throw new OAuthError(400, 'unknown_credential_identifier', 'no credential identifiers were issued');
  }
  if (body.credential_configuration_id !== undefined) {
    if (configurationById(body.credential_configuration_id)?.id !== offered.id) {
      throw new OAuthError(
        400,
        'unknown_credential_configuration',
        'credential_configuration_id is not the offered one',
      );
    }
  } else if (body.format !== undefined) {
    if (body.format !== CREDENTIAL_FORMAT) {
      throw new OAuthError(400, 'unsupported_credential_format', `format must be ${CREDENTIAL_FORMAT}`);
    }
    const types = isRecord(body.credential_definition) ? body.credential_definition.type : undefined;
    if (!Array.isArray(types) || !types.includes(offered.type)) {
      throw new OAuthError(
        400,
        'unsupported_credential_type',
        'credential_definition.type is not the offered type',
      );
    }
  } else {
    throw new OAuthError(400, 'invalid_credential_request', 'credential_configuration_id is required');
  }

  if (body.proof !== undefined && body.proofs !== undefined) {
    throw new OAuthError(400, 'invalid_credential_request', 'send proof or proofs, not both');
  }
  let jwt: unknown;
  if (isRecord(body.proof)) {
    if (body.proof.proof_type !== 'jwt') throw new OAuthError(400, 'invalid_proof', 'proof_type must be jwt');
    jwt = body.proof.jwt;
  } else if (isRecord(body.proofs)) {
    const proofs = body.proofs.jwt;
    if (!Array.isArray(proofs) || proofs.length !== 1) {
      throw new OAuthError(400, 'invalid_proof', 'proofs must hold exactly one jwt proof');
    }
    jwt = proofs[0];
  } else {
    throw new OAuthError(400, 'invalid_proof', 'a jwt key proof is required');
  }
  if (typeof jwt !== 'string' || jwt.length > 8192)
    throw new OAuthError(400, 'invalid_proof', 'proof jwt missing');
  return {
    credential_configuration_id: offered.id,
    proof: { proof_type: 'jwt', jwt },
  } as CredentialRequestV1_0_15;
}

/**
 * The default {@link Oid4vciProtocol}: metadata, offers and credential-request validation by
 * `@sphereon/oid4vci-issuer` 0.20.1 (OpenID4VCI draft 15), with medtrust's own pieces where Sphereon's do not fit
 * our security model:
 * - token requests are validated by the router (Sphereon's `assertValidAccessTokenRequest` compares plaintext PINs
 *   kept in its session store, while we store only hashes); Sphereon's `generateAccessToken` shapes the token,
 *   signed HS256 with a key derived from `secret`, carrying the offer id (never the pre-authorised code);
 * - `c_nonce` values are self-validating and single use ({@link NonceStates});
 * - the key proof's signature and key binding are checked by the caller's `verifyProof` (Sphereon then checks
 *   `typ`, `aud`, `iat` and the nonce), and the "signer" returns the already issued credential unchanged.
 *
 * Each credential request gets its own `VcIssuer` with a one-entry session store, so no protocol state outlives a
 * request besides consumed nonces. Sphereon's console logging is silenced ({@link silenceSphereonLogging}).
 *
 * @param options - issuer URL, holder DID methods, secret, clock and lifetimes.
 * @returns the protocol.
 */
export function createSphereonProtocol(options: SphereonProtocolOptions): Oid4vciProtocol {
  silenceSphereonLogging();
  const { baseUrl, now } = options;
  if (options.secret.length < 32) throw new RangeError('the OID4VCI secret must have at least 32 bytes');
  const tokenKey = deriveKey(options.secret, 'access-token');
  const accessTokenTtl = options.accessTokenTtlSeconds ?? 300;
  const nonces = new NonceStates({
    key: deriveKey(options.secret, 'c_nonce'),
    ttlSeconds: options.nonceTtlSeconds ?? 300,
    now,
  });

  const metadataBuilder = new IssuerMetadataBuilderV1_15()
    .withCredentialIssuer(baseUrl)
    .withCredentialEndpoint(`${baseUrl}/credential`)
    .withNonceEndpoint(`${baseUrl}/nonce`)
    .withIssuerDisplay({ name: options.issuerName ?? 'medtrust', locale: 'en' });
  for (const configuration of CREDENTIAL_CONFIGURATIONS) {
    metadataBuilder.addCredentialConfigurationsSupported(
      configuration.id,
      configurationSupported(configuration, options.holderDidMethods),
    );
  }
  const issuerMetadata: IssuerMetadataV1_0_15 = metadataBuilder.build();
  const asMetadata: AuthorizationServerMetadata = new AuthorizationServerMetadataBuilder()
    .withIssuer(baseUrl)
    .withTokenEndpoint(`${baseUrl}/token`)
    .withResponseTypesSupported([])
    // Sphereon's OAuthGrantType union lacks the pre-authorised grant
    .withGrantTypesSupported([GrantTypes.PRE_AUTHORIZED_CODE as string as OAuthGrantType])
    .withTokenEndpointAuthMethodsSupported(['none'])
    .withPreAuthorizedGrantAnonymousAccessSupported(true)
    .build();

  function nonceResponse(): JsonObject {
    const { cNonce, expiresIn } = nonces.issue();
    return { c_nonce: cNonce, c_nonce_expires_in: expiresIn };
  }

  return {
    specVersion: SPHEREON_SPEC_VERSION,

    credentialIssuerMetadata: () => structuredClone(issuerMetadata) as JsonObject,

    authorizationServerMetadata: () => structuredClone(asMetadata) as JsonObject,

    createCredentialOffer(input: CredentialOfferInput): JsonObject {
      const { credential_offer } = createCredentialOfferObject(undefined, {
        credentialOffer: {
          credential_issuer: baseUrl,
          credential_configuration_ids: [input.configurationId],
        },
        grants: {
          [PRE_AUTH_GRANT_LITERAL]: {
            'pre-authorized_code': input.preAuthorizedCode,
            ...(input.txCode && {
              tx_code: {
                length: input.txCode.length,
                input_mode: input.txCode.inputMode,
                ...(input.txCode.description !== undefined && { description: input.txCode.description }),
              },
            }),
          },
        },
      });
      return credential_offer as unknown as JsonObject;
    },

    credentialOfferUri(offer: JsonObject, reference?: string): string {
      return createCredentialOfferURIFromObject(
        {
          credential_offer: offer as never,
          ...(reference !== undefined && { credential_offer_uri: reference }),
        },
        reference === undefined ? 'VALUE' : 'REFERENCE',
      );
    },

    async issueAccessToken({ offerId, now: at }): Promise<JsonObject> {
      const iat = Math.floor(at.getTime() / 1000);
      const accessToken = await generateAccessToken({
        accessTokenProvider: 'internal',
        accessTokenIssuer: baseUrl,
        tokenExpiresIn: accessTokenTtl,
        // iat/exp from our clock (Sphereon would use the system clock); sub = offer id, never the code
        additionalClaims: { sub: offerId, aud: baseUrl, iat, exp: iat + accessTokenTtl, jti: randomUUID() },
        accessTokenSignerCallback: async (jwt) =>
          signHs256({ typ: 'at+jwt' }, jwt.payload as Record<string, unknown>, tokenKey),
      });
      return {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: accessTokenTtl,
        // draft 13 wallets take the first nonce from here; draft 15 wallets use the nonce endpoint
        ...nonceResponse(),
      };
    },

    verifyAccessToken(token: string, at: Date): { offerId: string } | undefined {
      const decoded = verifyHs256(token, tokenKey);
      if (decoded === undefined || decoded.header.typ !== 'at+jwt') return undefined;
      const { iss, aud, exp, sub } = decoded.payload;
      if (iss !== baseUrl || aud !== baseUrl || typeof sub !== 'string') return undefined;
      if (typeof exp !== 'number' || exp * 1000 <= at.getTime()) return undefined;
      return { offerId: sub };
    },

    issueNonce: nonceResponse,

    async issueCredential(input: CredentialRequestInput): Promise<JsonObject> {
      const offered = configurationById(input.configurationId);
      if (offered === undefined) throw new Error(`unknown configuration ${input.configurationId}`);
      const credentialRequest = normalizeCredentialRequest(input.body, offered);
      const proofJwt = (credentialRequest.proof as { jwt: string }).jwt;
      const nonce = decodeJws(proofJwt)?.payload.nonce;
      if (typeof nonce !== 'string' || !(await nonces.has(nonce))) {
        throw new OAuthError(
          400,
          'invalid_nonce',
          'proof nonce is missing, unknown, used or expired',
          nonceResponse(),
        );
      }

      let proofError: unknown;
      let delivered = false;
      const sessions = new MemoryStates<CredentialOfferSession>();
      const createdAt = now().getTime();
      await sessions.set(input.offerId, {
        preAuthorizedCode: input.offerId,
        createdAt,
        lastUpdatedAt: createdAt,
        status: IssueStatus.ACCESS_TOKEN_CREATED,
        notification_id: input.offerId,
        credentialOffer: {
          credential_offer: {
            credential_issuer: baseUrl,
            credential_configuration_ids: [offered.id],
            grants: { [PRE_AUTH_GRANT_LITERAL]: { 'pre-authorized_code': input.offerId } },
          },
        },
      } as CredentialOfferSession);
      const vcIssuer = new VcIssuerBuilder()
        .withIssuerMetadata(issuerMetadata)
        .withAuthorizationMetadata(asMetadata)
        .withCredentialOfferStateManager(sessions)
        .withCNonceStateManager(nonces)
        .withCNonceExpiresIn(nonces.ttlSeconds)
        .withJWTVerifyCallback(async ({ jwt }): Promise<JwtVerifyResult> => {
          try {
            const proof = await input.verifyProof(jwt);
            return {
              jwt: { header: proof.header, payload: proof.payload } as JwtVerifyResult['jwt'],
              alg: proof.alg,
              kid: proof.kid,
              did: proof.did,
              didDocument: proof.didDocument as unknown as Record<string, unknown>,
            };
          } catch (error) {
            proofError = error;
            throw error;
          }
        })
        .withCredentialSignerCallback(async () => {
          delivered = true;
          return input.credentialJwt;
        })
        .build();

      const next = nonces.issue();
      let response;
      try {
        response = await vcIssuer.issueCredential({
          credentialRequest,
          issuerCorrelation: { preAuthorizedCode: input.offerId },
          credential: structuredClone(input.vc) as CredentialIssuanceInput,
          newCNonce: next.cNonce,
          cNonceExpiresIn: next.expiresIn,
          tokenExpiresIn: accessTokenTtl,
        });
      } catch (error) {
        if (delivered) throw error; // failure after the proof was accepted: not the wallet's fault
        const message = error instanceof Error ? error.message : '';
        const description =
          proofError instanceof HolderProofError
            ? proofError.message
            : (SPHEREON_PROOF_ERRORS.find((m) => message.includes(m)) ?? 'proof rejected');
        throw new OAuthError(400, 'invalid_proof', description, {
          c_nonce: next.cNonce,
          c_nonce_expires_in: next.expiresIn,
        });
      }
      const credential = response.credentials?.[0]?.credential;
      if (credential !== input.credentialJwt)
        throw new Error('protocol library altered the delivered credential');
      return {
        credentials: [{ credential }],
        // pre-draft-15 form (`credential`, `format`), for wallets that predate the `credentials` array
        credential,
        format: CREDENTIAL_FORMAT,
        c_nonce: next.cNonce,
        c_nonce_expires_in: next.expiresIn,
      };
    },
  };
}
