/**
 * Selects the verification methods of a DID document that may sign for a purpose: `assertionMethod` for
 * credentials, `authentication` for presentations. References are resolved against the document's
 * `verificationMethod` (and legacy `publicKey`) list; relative ids (`#key-1`) are taken relative to the DID.
 * @see https://www.w3.org/TR/did-core/#verification-relationships
 */
import type { DIDDocument, VerificationMethod } from 'did-resolver';
import { isPlainObject } from './json-shape.ts';

/** A verification relationship used for signing. */
export type SigningRelationship = 'assertionMethod' | 'authentication';

const cache = new WeakMap<object, Partial<Record<SigningRelationship, readonly VerificationMethod[]>>>();

function fragmentOf(id: string): string | undefined {
  const hash = id.indexOf('#');
  return hash < 0 ? undefined : id.slice(hash);
}

function absolute(id: string, did: string): string {
  return id.startsWith('#') ? `${did}${id}` : id;
}

/**
 * The methods of `relationship` in `document`, in document order. Cached per document object.
 * @param document - a resolved DID document.
 * @param relationship - `assertionMethod` or `authentication`.
 * @returns the methods (embedded or referenced); references to other documents are ignored.
 */
export function methodsFor(
  document: DIDDocument,
  relationship: SigningRelationship,
): readonly VerificationMethod[] {
  let entry = cache.get(document);
  const cached = entry?.[relationship];
  if (cached) return cached;
  const did = document.id;
  const byId = new Map<string, VerificationMethod>();
  const declared = [
    ...(Array.isArray(document.verificationMethod) ? document.verificationMethod : []),
    ...(Array.isArray((document as { publicKey?: unknown }).publicKey)
      ? ((document as { publicKey: VerificationMethod[] }).publicKey ?? [])
      : []),
  ];
  for (const method of declared) {
    if (isPlainObject(method) && typeof method.id === 'string') byId.set(absolute(method.id, did), method);
  }
  const refs = Array.isArray(document[relationship]) ? (document[relationship] as unknown[]) : [];
  const methods: VerificationMethod[] = [];
  for (const ref of refs) {
    if (typeof ref === 'string') {
      const method = byId.get(absolute(ref, did));
      if (method && !methods.includes(method)) methods.push(method);
    } else if (isPlainObject(ref) && typeof ref.id === 'string') {
      methods.push(ref as unknown as VerificationMethod);
    }
  }
  const frozen = Object.freeze(methods);
  if (!entry) {
    entry = {};
    cache.set(document, entry);
  }
  entry[relationship] = frozen;
  return frozen;
}

/**
 * Narrows candidate methods by a JWS `kid` header naming a method of the signer's DID.
 * @param methods - the relationship's methods.
 * @param kid - the header's `kid` (a DID URL such as `did:ethr:…#controller`, or `#key-1`).
 * @param did - the signer's DID.
 * @returns the matching methods; `undefined` when `kid` is absent or does not name a method of a DID (then every
 *   method is a candidate, as did-jwt does); an empty list when it names a method the signer does not have for the
 *   purpose, or a method of another DID.
 */
export function methodsForKid(
  methods: readonly VerificationMethod[],
  kid: unknown,
  did: string,
): readonly VerificationMethod[] | undefined {
  if (typeof kid !== 'string') return undefined;
  const fragment = fragmentOf(kid);
  if (fragment === undefined || fragment.length < 2) return undefined;
  const base = kid.slice(0, kid.length - fragment.length).split('?')[0]!;
  if (base !== '' && base.toLowerCase() !== did.toLowerCase()) {
    if (!base.startsWith('did:')) return undefined;
    return [];
  }
  return methods.filter((m) => fragmentOf(m.id) === fragment);
}
