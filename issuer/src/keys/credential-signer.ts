import { createECDH, createHash, createPrivateKey, sign as signDigest, type KeyObject } from 'node:crypto';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { issuerAgentInternals, type IssuerAgent } from './issuer-agent.ts';
import { KeyError, KeyErrorCodes } from './key-errors.ts';
import { loadNativeSecp256k1 } from './native-secp256k1.ts';

/** The base context every VCDM 1.1 credential starts with. */
export const W3C_CREDENTIALS_CONTEXT_V1 = 'https://www.w3.org/2018/credentials/v1';

/** An unsigned W3C credential (VCDM 1.1 JSON) as accepted by {@link CredentialSigner.sign}. */
export interface UnsignedCredentialInput {
  /** The base context is prepended when missing (as Veramo does). */
  '@context'?: string | ReadonlyArray<string | Record<string, unknown>>;
  /** `VerifiableCredential` is prepended when missing (as Veramo does). */
  type?: string | readonly string[];
  /** Must be the signer's DID when given (a string, or an object whose `id` is the DID). */
  issuer?: string | ({ id: string } & Record<string, unknown>);
  /** Defaults to now; carried as `nbf` (whole seconds). */
  issuanceDate?: string | Date;
  /** Carried as `exp` (whole seconds). */
  expirationDate?: string | Date;
  /** Carried as `jti`. */
  id?: string;
  /** Must hold at least one claim besides `id`; its `id` is carried as `sub`. */
  credentialSubject: { id?: string } & Record<string, unknown>;
  credentialSchema?: unknown;
  credentialStatus?: unknown;
  [property: string]: unknown;
}

/** The W3C JSON form of a JWT credential (VC-API response shape), exactly as did-jwt-vc's `normalizeCredential`. */
export interface JwtVerifiableCredential {
  '@context': Array<string | Record<string, unknown>>;
  type: string[];
  /** `{ id: <DID> }`, plus any other issuer properties of the input. */
  issuer: { id: string } & Record<string, unknown>;
  issuanceDate: string;
  expirationDate?: string;
  id?: string;
  credentialSubject: Record<string, unknown>;
  proof: { type: 'JwtProof2020'; jwt: string };
  [property: string]: unknown;
}

/** A signed credential: the compact JWT and its W3C JSON form with a `JwtProof2020` proof. */
export interface SignedCredential {
  jwt: string;
  verifiableCredential: JwtVerifiableCredential;
}

/** Signs JWT credentials with one key of one issuer DID. Holds the key in memory only; never exposes it. */
export interface CredentialSigner {
  /** The issuer DID (`iss`). */
  readonly did: string;
  /** DID URL of the signing key (header `kid`). */
  readonly kid: string;
  /**
   * Signs a VCDM 1.1 credential as a JWT (`ES256K`), with the payload did-jwt-vc / Veramo produce:
   * `{ exp?, vc: { @context, type, credentialSubject, credentialSchema?, credentialStatus?, … }, sub?, jti?, nbf, iss }`.
   * @throws KeyError `KEY_RETIRED` once the key is retired; MedtrustError `INVALID_ARGUMENT` for a malformed input.
   */
  sign(credential: UnsignedCredentialInput): Promise<SignedCredential>;
}

/** Options of {@link createCredentialSigner}. */
export interface CredentialSignerOptions {
  /** Issuer DID managed by the agent. */
  did: string;
  /** DID URL of the key to sign with; the DID's active signing key when omitted. */
  kid?: string;
  /**
   * How often (ms) the signer re-reads its key's record, so a rotation made by another process sharing the records
   * stops it too (rotations in this process stop it at once). 1,000 by default; 0 re-reads before every signature.
   */
  recheckIntervalMs?: number;
  /** Time source for the default `issuanceDate`; the agent's clock by default. */
  clock?: () => Date;
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = Buffer.from((SECP256K1_N >> 1n).toString(16).padStart(64, '0'), 'hex');
/** Properties did-jwt-vc moves into `vc` (when truthy). */
const VC_PROPERTIES = [
  'evidence',
  'termsOfUse',
  'refreshService',
  'credentialSchema',
  'credentialStatus',
] as const;
const MAPPED_PROPERTIES = new Set([
  '@context',
  'type',
  'issuer',
  'issuanceDate',
  'expirationDate',
  'id',
  'credentialSubject',
]);
/** JWT claims and JSON forms this signer does not accept as input (it builds them). */
const REFUSED_PROPERTIES = ['vc', 'iss', 'sub', 'jti', 'nbf', 'exp', 'iat', 'aud', 'context', 'proof'];

/**
 * Builds the issuance fast path for one issuer key. The sealed private key is read from the agent's store ONCE, here,
 * and checked against its recorded public key; from then on every signature is one libsecp256k1 `ecdsaSign` of the
 * SHA-256 of the signing input (npm `secp256k1`'s native addon: 64-byte low-S `r‖s`), or, when the addon is not built
 * here ({@link credentialSigningBackend}), one `crypto.sign` (`ieee-p1363`, low-S normalised) — plus JSON and
 * base64url work: no agent call, no store access, no unsealing per credential. The key is never logged or exposed. Credentials verify with Veramo's `verifyCredential` and did-jwt-vc against the chain.
 * @param agent - the issuer agent.
 * @param options - DID, optional kid, retirement re-check interval, clock.
 * @returns the signer.
 * @throws KeyError `KEY_NOT_FOUND` (no such / no active key for the DID), `KEY_RETIRED` (the key is retired),
 * `KEY_UNSEAL_FAILED` (the sealed key does not open, or does not match its recorded public key).
 */
export async function createCredentialSigner(
  agent: IssuerAgent,
  options: CredentialSignerOptions,
): Promise<CredentialSigner> {
  const inner = issuerAgentInternals(agent);
  const registry = inner.signingKeys;
  const record = options.kid ? await registry.get(options.kid) : await registry.active(options.did);
  if (!record || record.did !== options.did) {
    throw new KeyError(
      KeyErrorCodes.KEY_NOT_FOUND,
      `no signing key ${options.kid ?? '(active)'} for ${options.did}`,
    );
  }
  if (record.status !== 'active' || registry.retiredInThisProcess(record.kid)) {
    throw new KeyError(KeyErrorCodes.KEY_RETIRED, `${record.kid} is retired`);
  }
  const managed = await inner.privateKeys.getKey({ alias: record.keyRef });
  if (managed.type !== 'Secp256k1') {
    throw new KeyError(KeyErrorCodes.KEY_NOT_FOUND, `${record.kid} is not a secp256k1 key`);
  }
  const signDigestOf = secp256k1SignerOf(managed.privateKeyHex, record.publicKeyHex);

  const { did, kid, keyRef } = record;
  const clock = options.clock ?? inner.clock;
  const recheckIntervalMs = options.recheckIntervalMs ?? 1_000;
  const encodedHeader = base64url(JSON.stringify({ alg: 'ES256K', typ: 'JWT', kid }));
  let retired = false;
  let checkedAt = Date.now();

  async function assertActive(): Promise<void> {
    if (!retired && (registry.retiredInThisProcess(kid) || registry.retiredInThisProcess(keyRef)))
      retired = true;
    if (!retired && Date.now() - checkedAt >= recheckIntervalMs) {
      checkedAt = Date.now();
      const current = await registry.get(kid);
      if (!current || current.status !== 'active') retired = true;
    }
    if (retired) throw new KeyError(KeyErrorCodes.KEY_RETIRED, `${kid} is retired and cannot sign`);
  }

  return {
    did,
    kid,
    async sign(credential: UnsignedCredentialInput): Promise<SignedCredential> {
      await assertActive();
      const payloadJson = JSON.stringify(toJwtPayload(credential, did, clock));
      const signingInput = `${encodedHeader}.${base64url(payloadJson)}`;
      const jwt = `${signingInput}.${signDigestOf(signingInput).toString('base64url')}`;
      return { jwt, verifiableCredential: toW3cCredential(JSON.parse(payloadJson) as JwtPayload, jwt) };
    },
  };
}

/**
 * Which implementation signs credentials in this process.
 * @returns `libsecp256k1` when npm secp256k1's native addon loads, `node:crypto` otherwise.
 */
export function credentialSigningBackend(): 'libsecp256k1' | 'node:crypto' {
  return loadNativeSecp256k1() === null ? 'node:crypto' : 'libsecp256k1';
}

/** A function that signs a JWS signing input (ES256K: SHA-256, then 64-byte low-S `r‖s`). */
type SigningInputSigner = (signingInput: string) => Buffer;

function secp256k1SignerOf(privateKeyHex: string, expectedPublicKeyHex: string): SigningInputSigner {
  const native = loadNativeSecp256k1();
  if (native === null) {
    const key = secp256k1KeyObject(privateKeyHex, expectedPublicKeyHex);
    return (signingInput) =>
      toLowS(signDigest('sha256', Buffer.from(signingInput, 'latin1'), { key, dsaEncoding: 'ieee-p1363' }));
  }
  const d = Buffer.from(privateKeyHex, 'hex');
  const expected = expectedPublicKeyHex.replace(/^0x/, '').toLowerCase();
  if (
    d.length !== 32 ||
    !native.privateKeyVerify(d) ||
    (expected !== Buffer.from(native.publicKeyCreate(d, false)).toString('hex') &&
      expected !== Buffer.from(native.publicKeyCreate(d, true)).toString('hex'))
  ) {
    d.fill(0);
    throw new KeyError(
      KeyErrorCodes.KEY_UNSEAL_FAILED,
      'the unsealed key does not match its recorded public key',
    );
  }
  return (signingInput) => {
    const digest = createHash('sha256').update(signingInput, 'latin1').digest();
    return Buffer.from(native.ecdsaSign(digest, d).signature);
  };
}

function secp256k1KeyObject(privateKeyHex: string, expectedPublicKeyHex: string): KeyObject {
  const d = Buffer.from(privateKeyHex, 'hex');
  try {
    if (d.length !== 32)
      throw new KeyError(KeyErrorCodes.KEY_UNSEAL_FAILED, 'secp256k1 private key is not 32 bytes');
    const ecdh = createECDH('secp256k1');
    ecdh.setPrivateKey(d);
    const publicKey = ecdh.getPublicKey();
    const expected = expectedPublicKeyHex.replace(/^0x/, '').toLowerCase();
    if (expected !== publicKey.toString('hex') && expected !== ecdh.getPublicKey('hex', 'compressed')) {
      throw new KeyError(
        KeyErrorCodes.KEY_UNSEAL_FAILED,
        'the unsealed key does not match its recorded public key',
      );
    }
    return createPrivateKey({
      format: 'jwk',
      key: {
        kty: 'EC',
        crv: 'secp256k1',
        d: d.toString('base64url'),
        x: publicKey.subarray(1, 33).toString('base64url'),
        y: publicKey.subarray(33, 65).toString('base64url'),
      },
    });
  } finally {
    d.fill(0);
  }
}

/** did-jwt verifies only low-S secp256k1 signatures after normalising; emit low-S so every verifier agrees. */
function toLowS(signature: Buffer): Buffer {
  const s = signature.subarray(32, 64);
  if (Buffer.compare(s, HALF_N) > 0) {
    const low = SECP256K1_N - BigInt(`0x${s.toString('hex')}`);
    Buffer.from(low.toString(16).padStart(64, '0'), 'hex').copy(signature, 32);
  }
  return signature;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

type JwtPayload = Record<string, unknown> & {
  vc: Record<string, unknown> & { credentialSubject: Record<string, unknown> };
  iss: string;
  sub?: string;
  jti?: string;
  nbf?: number;
  exp?: number;
  issuer?: Record<string, unknown>;
};

function invalid(message: string): MedtrustError {
  return new MedtrustError(ErrorCodes.INVALID_ARGUMENT, message);
}

function withLeading<T>(entries: unknown, first: T): T[] {
  const list = (
    entries === undefined || entries === null ? [] : Array.isArray(entries) ? entries : [entries]
  ) as T[];
  const result = list[0] === first ? [...list] : [first, ...list];
  return result.filter(
    (item, index) => item !== undefined && item !== null && result.indexOf(item) === index,
  );
}

function seconds(value: unknown, name: string): number {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(`${name} is not a date`);
  return Math.floor(ms / 1000);
}

/**
 * The JWT payload did-jwt-vc's `transformCredentialInput` (+ `createJWT`) builds from a W3C credential, in the same
 * key order, so the bytes match Veramo's for the same input.
 */
function toJwtPayload(input: UnsignedCredentialInput, did: string, clock: () => Date): JwtPayload {
  if (typeof input !== 'object' || input === null) throw invalid('credential must be an object');
  for (const name of REFUSED_PROPERTIES) {
    if (name in input) throw invalid(`credential must not carry "${name}"`);
  }
  const subject = input.credentialSubject;
  if (typeof subject !== 'object' || subject === null || Array.isArray(subject)) {
    throw invalid('credentialSubject must be one object');
  }
  const { id: subjectId, ...claims } = subject;
  if (Object.keys(claims).length === 0) throw invalid('credentialSubject must hold a claim');
  if (subjectId !== undefined && typeof subjectId !== 'string')
    throw invalid('credentialSubject.id must be a string');
  if (input.id !== undefined && (typeof input.id !== 'string' || input.id === ''))
    throw invalid('id must be a string');

  let issuerExtras: Record<string, unknown> | undefined;
  if (typeof input.issuer === 'object' && input.issuer !== null) {
    const { id, ...extras } = input.issuer;
    if (id !== did) throw invalid('issuer must be the signer DID');
    if (Object.keys(extras).length > 0) issuerExtras = extras;
  } else if (input.issuer !== undefined && input.issuer !== did) {
    throw invalid('issuer must be the signer DID');
  }

  const vc: JwtPayload['vc'] = {
    '@context': withLeading(input['@context'], W3C_CREDENTIALS_CONTEXT_V1),
    type: withLeading(input.type, 'VerifiableCredential'),
    credentialSubject: claims,
  };
  for (const name of VC_PROPERTIES) if (input[name]) vc[name] = input[name];

  const exp =
    input.expirationDate === undefined ? undefined : seconds(input.expirationDate, 'expirationDate');
  const nbf = seconds(input.issuanceDate ?? clock().toISOString(), 'issuanceDate');
  const payload: Record<string, unknown> = {};
  if (exp !== undefined) payload.exp = exp;
  payload.vc = vc;
  for (const name of Object.keys(input)) {
    if (name === 'issuer') {
      if (issuerExtras) payload.issuer = issuerExtras;
    } else if (
      !MAPPED_PROPERTIES.has(name) &&
      !((VC_PROPERTIES as readonly string[]).includes(name) && input[name])
    ) {
      payload[name] = input[name];
    }
  }
  if (subjectId !== undefined) payload.sub = subjectId;
  if (input.id !== undefined) payload.jti = input.id;
  payload.nbf = nbf;
  payload.iss = did;
  return payload as JwtPayload;
}

/** The W3C form did-jwt-vc's `normalizeCredential(jwt)` returns for a payload built by {@link toJwtPayload}. */
function toW3cCredential(payload: JwtPayload, jwt: string): JwtVerifiableCredential {
  const { vc, sub, jti, nbf, exp, iss, issuer, ...others } = payload;
  const { '@context': context, type, credentialSubject, ...vcProperties } = vc;
  const result: Record<string, unknown> = {
    ...others,
    credentialSubject: sub ? { ...credentialSubject, id: sub } : credentialSubject,
    issuer: { id: iss, ...issuer },
    ...(jti ? { id: jti } : {}),
    type,
    ...vcProperties,
    '@context': context,
    ...(nbf ? { issuanceDate: new Date(nbf * 1000).toISOString() } : {}),
    ...(exp ? { expirationDate: new Date(exp * 1000).toISOString() } : {}),
    proof: { type: 'JwtProof2020', jwt },
  };
  return result as JwtVerifiableCredential;
}
