import type { VerifiedHolderProof } from './holder-proof-verifier.ts';

/** A JSON object sent to or received from a wallet. */
export type JsonObject = Record<string, unknown>;

/** What a credential offer carries (pre-authorised code flow). */
export interface CredentialOfferInput {
  /** The `credential_configuration_id` offered. */
  configurationId: string;
  /** The plaintext pre-authorised code. */
  preAuthorizedCode: string;
  /** Present when the wallet must send a transaction code (PIN) to the token endpoint. */
  txCode?: { length: number; inputMode: 'numeric' | 'text'; description?: string };
}

/** What the credential endpoint hands the protocol for one request. */
export interface CredentialRequestInput {
  /** The request body as received (not yet validated). */
  body: unknown;
  /** The offer the access token was issued for. */
  offerId: string;
  /** The configuration of the offered credential (the request must ask for it). */
  configurationId: string;
  /** The already issued credential to deliver. */
  credentialJwt: string;
  /** Its decoded `vc` claim. */
  vc: JsonObject;
  /**
   * Verifies the key proof JWT against the credential subject.
   *
   * @throws HolderProofError when the proof is not acceptable.
   */
  verifyProof(jwt: string): Promise<VerifiedHolderProof>;
}

/**
 * The OID4VCI protocol operations the medtrust routes rely on. Our own small boundary: the default implementation
 * (`createSphereonProtocol`) delegates to `@sphereon/oid4vci-issuer`, whose TypeScript SDK is legacy upstream, so
 * it can be swapped without touching the routes, the offer service or the store.
 *
 * Request errors are thrown as `OAuthError` (rendered as `{error, error_description}`).
 */
export interface Oid4vciProtocol {
  /** The specification version the endpoints follow, for operators and reports. */
  readonly specVersion: string;
  /** Credential Issuer Metadata (`/.well-known/openid-credential-issuer`). */
  credentialIssuerMetadata(): JsonObject;
  /** OAuth 2.0 Authorization Server Metadata (`/.well-known/oauth-authorization-server`). */
  authorizationServerMetadata(): JsonObject;
  /**
   * Builds a credential offer object.
   *
   * @param input - configuration, pre-authorised code and PIN requirements.
   * @returns the `credential_offer` JSON object.
   */
  createCredentialOffer(input: CredentialOfferInput): JsonObject;
  /**
   * Builds the offer URI a wallet scans.
   *
   * @param offer - the `credential_offer` object.
   * @param reference - when set, the URI carries `credential_offer_uri=<reference>` instead of the offer itself.
   * @returns `openid-credential-offer://?credential_offer=…` or `…?credential_offer_uri=…`.
   */
  credentialOfferUri(offer: JsonObject, reference?: string): string;
  /**
   * Mints an access token for a redeemed offer and builds the token response.
   *
   * @param input - the offer and the current time.
   * @returns the token response body.
   */
  issueAccessToken(input: { offerId: string; now: Date }): Promise<JsonObject>;
  /**
   * Checks an access token from {@link Oid4vciProtocol.issueAccessToken}.
   *
   * @param token - the bearer token.
   * @param now - the current time.
   * @returns the offer it was issued for, or undefined when invalid or expired.
   */
  verifyAccessToken(token: string, now: Date): { offerId: string } | undefined;
  /**
   * A fresh `c_nonce` (nonce endpoint).
   *
   * @returns the nonce response body.
   */
  issueNonce(): JsonObject;
  /**
   * Validates a credential request (requested configuration, key proof, nonce) and builds the credential
   * response delivering the already issued credential.
   *
   * @param input - the request and the credential to deliver.
   * @returns the credential response body.
   * @throws OAuthError for an invalid request or proof.
   */
  issueCredential(input: CredentialRequestInput): Promise<JsonObject>;
}
