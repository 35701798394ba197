import type { KeyObject } from 'node:crypto';
import type { DIDDocument, DIDResolutionResult, Resolvable } from 'did-resolver';
import { decodeBase58 as base58btcDecode, encodeBase58 as base58btcEncode } from '@medtrust/core';
import { multicodecOfPublicKey, publicKeyFromJwk, publicKeyFromMulticodec } from './public-keys.ts';

const DID_CONTEXT = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'];

function documentWithKey(did: string, vmId: string, key: KeyObject): DIDDocument {
  const { kty, crv, x, y } = key.export({ format: 'jwk' });
  const publicKeyJwk = { kty: kty!, crv, x, ...(y === undefined ? {} : { y }) };
  return {
    '@context': DID_CONTEXT,
    id: did,
    verificationMethod: [{ id: vmId, type: 'JsonWebKey2020', controller: did, publicKeyJwk }],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityInvocation: [vmId],
    capabilityDelegation: [vmId],
  };
}

/**
 * Resolves a `did:key` (Ed25519, P-256 or secp256k1, base58btc multibase) or a `did:jwk` locally, without network.
 * The document has one `JsonWebKey2020` verification method (`did:key:z…#z…`, `did:jwk:…#0`) in every
 * verification relationship.
 *
 * @param did - the DID (no fragment, path or query).
 * @returns the DID document, or undefined when the DID is not a valid did:key / did:jwk of a supported key.
 */
export function resolveLocalHolderDid(did: string): DIDDocument | undefined {
  const key = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
  if (key) {
    const bytes = base58btcDecode(key[1]!.slice(1));
    const publicKey = bytes && publicKeyFromMulticodec(bytes);
    return publicKey ? documentWithKey(did, `${did}#${key[1]}`, publicKey) : undefined;
  }
  const jwk = /^did:jwk:([A-Za-z0-9_-]+)$/.exec(did);
  if (jwk) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(jwk[1]!, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const publicKey = publicKeyFromJwk(parsed);
    return publicKey ? documentWithKey(did, `${did}#0`, publicKey) : undefined;
  }
  return undefined;
}

/**
 * Tells whether a DID uses a method {@link resolveLocalHolderDid} resolves (`did:key`, `did:jwk`).
 *
 * @param did - a DID.
 * @returns whether it is resolved locally.
 */
export function isLocalHolderDidMethod(did: string): boolean {
  return did.startsWith('did:key:') || did.startsWith('did:jwk:');
}

function result(didDocument: DIDDocument | null, error?: string): DIDResolutionResult {
  return {
    didResolutionMetadata: error === undefined ? { contentType: 'application/did+json' } : { error },
    didDocument,
    didDocumentMetadata: {},
  };
}

/**
 * A DID resolver for holder DIDs: `did:key` and `did:jwk` locally, anything else (e.g. `did:ethr`) through
 * `fallback`.
 *
 * @param fallback - resolver of other methods; without it they resolve to `unsupportedDidMethod`.
 * @returns a `did-resolver` Resolvable.
 */
export function createHolderDidResolver(fallback?: Resolvable): Resolvable {
  return {
    async resolve(didUrl) {
      const did = /^did:[a-z0-9]+:[^#?/]+/.exec(didUrl)?.[0];
      if (did === undefined) return result(null, 'invalidDid');
      if (isLocalHolderDidMethod(did)) {
        const document = resolveLocalHolderDid(did);
        return document ? result(document) : result(null, 'invalidDid');
      }
      return fallback ? fallback.resolve(did) : result(null, 'unsupportedDidMethod');
    },
  };
}

/**
 * The `did:key` of a public key (multicodec + base58btc; EC points compressed).
 *
 * @param key - an Ed25519, P-256 or secp256k1 public key.
 * @returns `did:key:z…`.
 * @throws TypeError for an unsupported key.
 */
export function didKeyOf(key: KeyObject): string {
  return `did:key:z${base58btcEncode(multicodecOfPublicKey(key))}`;
}

/**
 * The `did:jwk` of a public key.
 *
 * @param key - an Ed25519, P-256 or secp256k1 public key.
 * @returns `did:jwk:<base64url of the public JWK>`.
 */
export function didJwkOf(key: KeyObject): string {
  const { kty, crv, x, y } = key.export({ format: 'jwk' });
  const jwk = { crv, kty, x, ...(y === undefined ? {} : { y }) };
  return `did:jwk:${Buffer.from(JSON.stringify(jwk), 'utf8').toString('base64url')}`;
}
