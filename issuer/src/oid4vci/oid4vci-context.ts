import type { Resolvable } from 'did-resolver';
import type { Logger } from '../http/error-handler.ts';
import type { Database } from '../store/index.ts';
import type { Oid4vciProtocol } from './oid4vci-protocol.ts';

/**
 * What the OID4VCI offer service and router need. Pass the same object to both (defaults such as the secret and
 * the protocol instance are created once per context object).
 */
export interface Oid4vciContext {
  /** The issuer database (offers, audit log). */
  readonly db: Database;
  /**
   * Credential Issuer Identifier: the public URL the OID4VCI router is mounted at, e.g.
   * `https://issuer.example/oid4vci` (no trailing slash, no query). `https` in production.
   */
  readonly baseUrl: string;
  /**
   * Loads an issued credential's JWT. Return undefined when it does not exist for that organisation or must not be
   * delivered any more (e.g. revoked): the wallet then gets `credential_request_denied`.
   *
   * @param organisationId - the issuing organisation.
   * @param credentialId - the credential.
   * @returns the JWT, or undefined.
   */
  loadCredentialJwt(organisationId: string, credentialId: string): Promise<string | undefined>;
  /** Clock; default `() => new Date()`. Inject it to test expiry. */
  readonly now?: () => Date;
  /**
   * Resolver of holder DIDs other than `did:key` / `did:jwk` (which resolve locally), e.g. the `did:ethr`
   * resolver of `@medtrust/core`. Without it only `did:key` and `did:jwk` holders are supported.
   */
  readonly didResolver?: Resolvable;
  /**
   * Secret (≥ 32 bytes) keying access tokens and `c_nonce` values. Default: random per context, so tokens and
   * nonces do not survive a restart and are not shared between instances; configure one in production.
   */
  readonly secret?: Uint8Array;
  /** Where unexpected failures are logged (never request bodies, credentials, codes or PINs). */
  readonly logger?: Logger;
  /** Replaces the default Sphereon-based protocol implementation. */
  readonly protocol?: Oid4vciProtocol;
  /** Issuer display name in the metadata; default `medtrust`. */
  readonly issuerName?: string;
  /** Access token lifetime in seconds; default 300. */
  readonly accessTokenTtlSeconds?: number;
  /** `c_nonce` lifetime in seconds; default 300. */
  readonly nonceTtlSeconds?: number;
}
