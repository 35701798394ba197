import { createHash, type KeyObject } from 'node:crypto';
import { computeAddress, Signature, SigningKey } from 'ethers';
import type { DIDDocument, Resolvable, VerificationMethod } from 'did-resolver';
import { decodeBase58 as base58btcDecode, hasHighS } from '@medtrust/core';
import { decodeJws, HOLDER_PROOF_ALGORITHMS, verifyJwsSignature, type HolderProofAlgorithm } from './jws.ts';
import {
  curveOfKey,
  publicKeyFromJwk,
  publicKeyFromMulticodec,
  publicKeyFromRaw,
  type HolderKeyCurve,
} from './public-keys.ts';

/** `typ` of an OID4VCI key proof JWT. */
export const PROOF_JWT_TYP = 'openid4vci-proof+jwt';

/** Why a holder proof was refused; the message is safe to return to the wallet (no keys, no credential data). */
export class HolderProofError extends Error {
  /**
   * @param message - client-facing reason.
   */
  constructor(message: string) {
    super(message);
    this.name = 'HolderProofError';
  }
}

/** What {@link verifyHolderProof} checks. */
export interface HolderProofCheck {
  /** The proof JWT from the credential request. */
  jwt: string;
  /** The DID the credential was issued to: the proof key must be one of its authentication keys. */
  subjectDid: string;
  /** Resolves the subject DID (see `createHolderDidResolver`). */
  resolver: Resolvable;
  /** Current time. */
  now: Date;
  /** Expected `aud` (the credential issuer identifier); not checked when undefined. */
  audience?: string;
  /** Oldest accepted `iat`, in seconds before `now`; default 300. */
  maxAgeSeconds?: number;
  /** Tolerated clock skew for an `iat` in the future, in seconds; default 60. */
  clockSkewSeconds?: number;
}

/** A verified proof: the key that signed it and the subject DID that controls it. */
export interface VerifiedHolderProof {
  /** The subject DID. */
  did: string;
  /** Id of the verification method whose key verified the signature. */
  kid: string;
  alg: HolderProofAlgorithm;
  didDocument: DIDDocument;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

type VerificationKey = { key: KeyObject } | { address: string };

function curveOfMethodType(type: string): HolderKeyCurve | undefined {
  if (/ed25519/i.test(type)) return 'Ed25519';
  if (/secp256k1/i.test(type)) return 'secp256k1';
  if (/p-?256|secp256r1/i.test(type)) return 'P-256';
  return undefined;
}

function verificationKeyOf(vm: VerificationMethod): VerificationKey | undefined {
  if (vm.publicKeyJwk !== undefined) {
    const key = publicKeyFromJwk(vm.publicKeyJwk);
    return key && { key };
  }
  const curve = curveOfMethodType(vm.type);
  if (vm.publicKeyMultibase !== undefined) {
    const bytes = vm.publicKeyMultibase.startsWith('z')
      ? base58btcDecode(vm.publicKeyMultibase.slice(1))
      : undefined;
    if (bytes === undefined) return undefined;
    const key = publicKeyFromMulticodec(bytes) ?? (curve && publicKeyFromRaw(curve, bytes));
    return key && { key };
  }
  const raw =
    vm.publicKeyBase58 !== undefined
      ? base58btcDecode(vm.publicKeyBase58)
      : vm.publicKeyHex !== undefined && /^(0x)?[0-9a-fA-F]+$/.test(vm.publicKeyHex)
        ? Buffer.from(vm.publicKeyHex.replace(/^0x/, ''), 'hex')
        : undefined;
  if (raw !== undefined) {
    const key = curve && publicKeyFromRaw(curve, raw);
    return key && { key };
  }
  const address = /0x[0-9a-fA-F]{40}/.exec(vm.blockchainAccountId ?? vm.ethereumAddress ?? '')?.[0];
  return address === undefined ? undefined : { address: address.toLowerCase() };
}

/** Ethereum addresses whose key could have produced a (low-s) ES256K signature (both recovery ids tried). */
function recoverAddresses(signingInput: string, signature: Buffer): string[] {
  if (signature.length !== 64 || hasHighS(signature)) return [];
  const digest = createHash('sha256').update(signingInput, 'ascii').digest();
  const r = `0x${signature.subarray(0, 32).toString('hex')}`;
  const s = `0x${signature.subarray(32).toString('hex')}`;
  const addresses: string[] = [];
  for (const yParity of [0, 1] as const) {
    try {
      const sig = Signature.from({ r, s, yParity });
      addresses.push(computeAddress(SigningKey.recoverPublicKey(digest, sig)).toLowerCase());
    } catch {
      // not a valid point for this recovery id
    }
  }
  return addresses;
}

/** Authentication verification methods of a DID document (references resolved, relative ids made absolute). */
function authenticationMethods(document: DIDDocument, did: string): VerificationMethod[] {
  const absolute = (id: string) => (id.startsWith('#') ? `${did}${id}` : id);
  const declared = [...(document.verificationMethod ?? []), ...(document.publicKey ?? [])].map((vm) => ({
    ...vm,
    id: absolute(vm.id),
  }));
  return (document.authentication ?? []).flatMap((entry) => {
    if (typeof entry !== 'string') return [{ ...entry, id: absolute(entry.id) }];
    const vm = declared.find((m) => m.id === absolute(entry));
    return vm ? [vm] : [];
  });
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ format: 'der', type: 'spki' }).equals(b.export({ format: 'der', type: 'spki' }));
}

/**
 * Verifies an OID4VCI proof-of-possession JWT and that its key is controlled by the credential's subject DID:
 * `typ` `openid4vci-proof+jwt`, `alg` EdDSA / ES256 / ES256K (low-s only), `iat` recent, `aud` the issuer, and a signature that
 * verifies with one of the subject DID's `authentication` keys. The proof names its key with `kid` (a DID URL of
 * the subject DID) or `jwk` (then it must equal one of those keys). Works for `did:key` and `did:jwk`, and for
 * `did:ethr` (publicKeyHex keys, and controller addresses by ES256K public-key recovery) through the resolver.
 *
 * The nonce (`nonce` claim) is checked by the caller, which owns the nonce store.
 *
 * @param check - the proof, the subject DID, a resolver and the clock.
 * @returns the verified proof.
 * @throws HolderProofError when the proof is malformed, stale, aimed elsewhere or signed by another key.
 */
export async function verifyHolderProof(check: HolderProofCheck): Promise<VerifiedHolderProof> {
  const decoded = decodeJws(check.jwt);
  if (decoded === undefined) throw new HolderProofError('proof is not a compact JWS');
  const { header, payload, signingInput, signature } = decoded;
  if (header.typ !== PROOF_JWT_TYP) throw new HolderProofError(`proof typ must be ${PROOF_JWT_TYP}`);
  const alg = header.alg;
  if (typeof alg !== 'string' || !(HOLDER_PROOF_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new HolderProofError(`proof alg must be one of ${HOLDER_PROOF_ALGORITHMS.join(', ')}`);
  }
  if (header.x5c !== undefined) throw new HolderProofError('x5c proofs are not supported');
  if (alg === 'ES256K' && hasHighS(signature)) {
    throw new HolderProofError('proof signature is not canonical: high-s ES256K signatures are refused');
  }
  if (header.kid !== undefined && header.jwk !== undefined) {
    throw new HolderProofError('proof must name its key with kid or jwk, not both');
  }
  if (check.audience !== undefined) {
    const aud = payload.aud;
    if (!(aud === check.audience || (Array.isArray(aud) && aud.includes(check.audience)))) {
      throw new HolderProofError('proof aud must be the credential issuer identifier');
    }
  }
  const iat = payload.iat;
  const nowSeconds = check.now.getTime() / 1000;
  if (
    typeof iat !== 'number' ||
    iat > nowSeconds + (check.clockSkewSeconds ?? 60) ||
    iat < nowSeconds - (check.maxAgeSeconds ?? 300)
  ) {
    throw new HolderProofError('proof iat is missing or not recent');
  }

  const did = check.subjectDid;
  let wantedId: string | undefined; // the kid as an absolute DID URL
  let proofKey: KeyObject | undefined;
  if (typeof header.kid === 'string') {
    const kid = header.kid.startsWith('#') ? `${did}${header.kid}` : header.kid;
    if (kid !== did && !kid.startsWith(`${did}#`)) {
      throw new HolderProofError('proof key is not controlled by the credential subject');
    }
    wantedId = kid;
  } else if (header.jwk !== undefined) {
    proofKey = publicKeyFromJwk(header.jwk);
    if (proofKey === undefined) throw new HolderProofError('proof jwk is not a supported public key');
  } else {
    throw new HolderProofError('proof must name its key with kid or jwk');
  }

  const resolution = await check.resolver.resolve(did);
  const didDocument = resolution.didDocument;
  if (didDocument === null || didDocument === undefined) {
    throw new HolderProofError('credential subject DID cannot be resolved');
  }
  const methods = authenticationMethods(didDocument, did).filter(
    (vm) => wantedId === undefined || wantedId === did || vm.id === wantedId,
  );

  let recovered: string[] | undefined;
  for (const vm of methods) {
    const key = verificationKeyOf(vm);
    if (key === undefined) continue;
    if ('key' in key) {
      if (proofKey !== undefined && !sameKey(proofKey, key.key)) continue;
      if (verifyJwsSignature(alg, key.key, signingInput, signature)) {
        return { did, kid: vm.id, alg: alg as HolderProofAlgorithm, didDocument, header, payload };
      }
    } else if (alg === 'ES256K') {
      if (proofKey !== undefined && addressOf(proofKey) !== key.address) continue;
      recovered ??= recoverAddresses(signingInput, signature);
      if (recovered.includes(key.address)) {
        return { did, kid: vm.id, alg, didDocument, header, payload };
      }
    }
  }
  throw new HolderProofError('proof is not signed by an authentication key of the credential subject');
}

/** Ethereum address of a secp256k1 public key (lower case); undefined for other keys. */
function addressOf(key: KeyObject): string | undefined {
  if (curveOfKey(key) !== 'secp256k1') return undefined;
  const { x, y } = key.export({ format: 'jwk' });
  const point = `0x04${Buffer.from(x!, 'base64url').toString('hex')}${Buffer.from(y!, 'base64url').toString('hex')}`;
  return computeAddress(point).toLowerCase();
}
