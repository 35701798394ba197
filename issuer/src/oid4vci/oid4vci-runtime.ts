import { randomBytes } from 'node:crypto';
import type { Resolvable } from 'did-resolver';
import { createHolderDidResolver, isLocalHolderDidMethod } from './holder-did-resolver.ts';
import type { Oid4vciContext } from './oid4vci-context.ts';
import type { Oid4vciProtocol } from './oid4vci-protocol.ts';
import { createSphereonProtocol } from './sphereon-protocol.ts';

/** A context with its defaults filled in. */
export interface Oid4vciRuntime {
  /** The credential issuer identifier (trailing slashes removed). */
  readonly baseUrl: string;
  /** The clock. */
  now(): Date;
  /** The protocol implementation. */
  readonly protocol: Oid4vciProtocol;
  /** Resolves holder DIDs (did:key / did:jwk locally, others through the context's resolver). */
  readonly holderResolver: Resolvable;
  /**
   * Tells whether a holder DID's method is supported.
   *
   * @param did - the credential subject DID.
   */
  supportsHolderDid(did: string): boolean;
}

const runtimes = new WeakMap<Oid4vciContext, Oid4vciRuntime>();

/**
 * The runtime of a context: created on first use and cached per context object, so the offer service and the
 * router share one protocol instance (and one default secret).
 *
 * @param ctx - the context.
 * @returns its runtime.
 * @throws RangeError when `baseUrl` is not an http(s) URL without query or fragment, or the secret is too short.
 */
export function oid4vciRuntime(ctx: Oid4vciContext): Oid4vciRuntime {
  const cached = runtimes.get(ctx);
  if (cached) return cached;
  const baseUrl = ctx.baseUrl.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RangeError('OID4VCI baseUrl must be an absolute URL');
  }
  if (!/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '') {
    throw new RangeError('OID4VCI baseUrl must be an http(s) URL without query or fragment');
  }
  const now = ctx.now ?? (() => new Date());
  const holderDidMethods = ['did:key', 'did:jwk', ...(ctx.didResolver ? ['did:ethr'] : [])];
  const protocol =
    ctx.protocol ??
    createSphereonProtocol({
      baseUrl,
      holderDidMethods,
      secret: ctx.secret ?? randomBytes(32),
      now,
      ...(ctx.issuerName !== undefined && { issuerName: ctx.issuerName }),
      ...(ctx.accessTokenTtlSeconds !== undefined && { accessTokenTtlSeconds: ctx.accessTokenTtlSeconds }),
      ...(ctx.nonceTtlSeconds !== undefined && { nonceTtlSeconds: ctx.nonceTtlSeconds }),
    });
  const runtime: Oid4vciRuntime = {
    baseUrl,
    now,
    protocol,
    holderResolver: createHolderDidResolver(ctx.didResolver),
    supportsHolderDid: (did) =>
      isLocalHolderDidMethod(did) || (ctx.didResolver !== undefined && did.startsWith('did:ethr:')),
  };
  runtimes.set(ctx, runtime);
  return runtime;
}
