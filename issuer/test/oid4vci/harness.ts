// Shared set-up of the OID4VCI suites: an SQLite database, an organisation, an express app with the OID4VCI router
// on a free port (base URL http://127.0.0.1:<port>/oid4vci, well-known documents also at the root), an injectable
// clock, holder keys and stored credentials issued to the holders' DIDs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { DIDDocument, Resolvable } from 'did-resolver';
import { computeAddress } from 'ethers';
import {
  createOrganisation,
  getCredential,
  insertCredential,
  openDatabase,
  type Database,
  type Dialect,
  type Organisation,
} from '../../src/store/index.ts';
import { freshLocation } from '../store/harness.ts';
import {
  createOid4vciRouter,
  createOid4vciWellKnownRouter,
  didJwkOf,
  didKeyOf,
  type Oid4vciContext,
} from '../../src/oid4vci/index.ts';

/** A wallet key: its DID, the DID URL of its key, and signing. */
export class Holder {
  readonly did: string;
  readonly kid: string;
  readonly alg: 'EdDSA' | 'ES256' | 'ES256K';
  readonly publicKey: KeyObject;
  readonly #privateKey: KeyObject;

  /**
   * @param curve - key type (`did:ethr` holders are always secp256k1).
   * @param method - DID method of the holder DID; `ethr` DIDs resolve only through {@link ethrResolver}.
   */
  constructor(curve: 'Ed25519' | 'P-256' | 'secp256k1' = 'Ed25519', method: 'key' | 'jwk' | 'ethr' = 'key') {
    if (method === 'ethr') curve = 'secp256k1';
    const pair =
      curve === 'Ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: curve === 'P-256' ? 'prime256v1' : 'secp256k1' });
    this.publicKey = pair.publicKey;
    this.#privateKey = pair.privateKey;
    this.alg = curve === 'Ed25519' ? 'EdDSA' : curve === 'P-256' ? 'ES256' : 'ES256K';
    if (method === 'ethr') {
      this.did = `did:ethr:0x7a69:${this.address}`;
      this.kid = `${this.did}#controller`;
    } else {
      this.did = method === 'key' ? didKeyOf(pair.publicKey) : didJwkOf(pair.publicKey);
      this.kid = method === 'key' ? `${this.did}#${this.did.slice('did:key:'.length)}` : `${this.did}#0`;
    }
  }

  /** Uncompressed SEC1 public point, 0x-hex (EC keys). */
  get publicKeyHex(): string {
    const { x, y } = this.publicKey.export({ format: 'jwk' });
    return `0x04${Buffer.from(x!, 'base64url').toString('hex')}${Buffer.from(y!, 'base64url').toString('hex')}`;
  }

  /** Ethereum address of a secp256k1 key. */
  get address(): string {
    return computeAddress(this.publicKeyHex);
  }

  /** The public key as a JWK. */
  get jwk(): Record<string, unknown> {
    return this.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  }

  /**
   * Signs a JWT with this key (the header's alg is set to this key's algorithm).
   *
   * @param header - JOSE header.
   * @param payload - claims.
   * @returns the compact JWS.
   */
  signJwt(header: Record<string, unknown>, payload: Record<string, unknown>): string {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${enc({ ...header, alg: this.alg })}.${enc(payload)}`;
    const signature =
      this.alg === 'EdDSA'
        ? sign(null, Buffer.from(input), this.#privateKey)
        : sign('sha256', Buffer.from(input), { key: this.#privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${(this.alg === 'ES256K' ? lowS(signature) : signature).toString('base64url')}`;
  }

  /** A Sphereon `ProofOfPossessionCallbacks.signCallback` signing with this key. */
  readonly signCallback = async (jwt: {
    header: Record<string, unknown>;
    payload: Record<string, unknown>;
  }): Promise<string> => this.signJwt(jwt.header, jwt.payload);

  /**
   * A key proof JWT as a wallet sends it.
   *
   * @param claims - `aud`, `nonce` and overrides.
   * @param header - header overrides (default `kid` = this key).
   * @returns the proof JWT.
   */
  proof(claims: Record<string, unknown>, header: Record<string, unknown> = { kid: this.kid }): string {
    return this.signJwt(
      { typ: 'openid4vci-proof+jwt', ...header },
      { iat: Math.floor(Date.now() / 1000), ...claims },
    );
  }
}

/**
 * A stand-in for the did:ethr resolver (no chain): documents as ethr-did-resolver builds them, with the owner as
 * `#controller` (EcdsaSecp256k1RecoveryMethod2020, blockchainAccountId only) and optional delegate keys given as
 * `publicKeyHex` (EcdsaSecp256k1VerificationKey2019) in `authentication`.
 *
 * @param owners - the did:ethr holders.
 * @param delegates - extra authentication keys per DID.
 * @returns the resolver.
 */
export function ethrResolver(owners: Holder[], delegates: Record<string, Holder[]> = {}): Resolvable {
  return {
    async resolve(didUrl) {
      const did = didUrl.split('#')[0]!;
      const owner = owners.find((h) => h.did === did);
      if (owner === undefined) {
        return { didResolutionMetadata: { error: 'notFound' }, didDocument: null, didDocumentMetadata: {} };
      }
      const delegateMethods = (delegates[did] ?? []).map((d, i) => ({
        id: `${did}#delegate-${i + 1}`,
        type: 'EcdsaSecp256k1VerificationKey2019',
        controller: did,
        publicKeyHex: d.publicKeyHex.slice(2),
      }));
      const didDocument: DIDDocument = {
        '@context': ['https://www.w3.org/ns/did/v1'],
        id: did,
        verificationMethod: [
          {
            id: `${did}#controller`,
            type: 'EcdsaSecp256k1RecoveryMethod2020',
            controller: did,
            blockchainAccountId: `eip155:31337:${owner.address}`,
          },
          ...delegateMethods,
        ],
        authentication: [`${did}#controller`, ...delegateMethods.map((m) => m.id)],
        assertionMethod: [`${did}#controller`, ...delegateMethods.map((m) => m.id)],
      };
      return { didResolutionMetadata: {}, didDocument, didDocumentMetadata: {} };
    },
  };
}

/** A running issuer for one suite. */
export interface TestIssuer {
  readonly db: Database;
  readonly org: Organisation;
  readonly ctx: Oid4vciContext;
  /** `http://127.0.0.1:<port>/oid4vci`. */
  readonly baseUrl: string;
  /** Moves the injected clock (milliseconds; cumulative). */
  advanceClock(ms: number): void;
  /** Resets the injected clock to real time. */
  resetClock(): void;
  /**
   * Stores a credential JWT issued to a subject DID.
   *
   * @param subjectDid - the holder DID (omitted from the credential when null).
   * @param type - medtrust credential type.
   * @returns its id and JWT.
   */
  storeCredential(subjectDid: string | null, type?: string): Promise<{ id: string; jwt: string }>;
  close(): Promise<void>;
}

const issuerKey = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;

/** A JWT VC (VCDM 1.1) signed ES256K by a throwaway issuer key; its claims are placeholders. */
function credentialJwt(id: string, subjectDid: string | null, type: string): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: 'did:ethr:0x7a69:0x0000000000000000000000000000000000000001',
    ...(subjectDid !== null && { sub: subjectDid }),
    jti: id,
    nbf: now,
    vc: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential', type],
      credentialSubject: { licenseNumber: 'PT-12345', ...(subjectDid !== null && { id: subjectDid }) },
    },
  };
  const input = `${enc({ alg: 'ES256K', typ: 'JWT' })}.${enc(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: issuerKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${lowS(signature).toString('base64url')}`;
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** An OpenSSL secp256k1 signature (`r‖s`, s random high or low) in the low-s form verifiers accept. */
function lowS(signature: Buffer): Buffer {
  const s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
  if (s <= SECP256K1_N / 2n) return signature;
  const low = Buffer.from(signature);
  Buffer.from((SECP256K1_N - s).toString(16).padStart(64, '0'), 'hex').copy(low, 32);
  return low;
}

/**
 * Starts an issuer: fresh database (SQLite file by default; PostgreSQL in a fresh schema on request), organisation,
 * express app with the router at `/oid4vci`.
 *
 * @param options - optional DID resolver for non-local holder DIDs, context overrides and dialect.
 * @returns the running issuer; close it in `after`.
 */
export async function startTestIssuer(
  options: { didResolver?: Resolvable; context?: Partial<Oid4vciContext>; dialect?: Dialect } = {},
): Promise<TestIssuer> {
  const dir = mkdtempSync(join(tmpdir(), 'medtrust-oid4vci-'));
  const postgres = options.dialect === 'postgres' ? freshLocation('postgres') : undefined;
  const db = await openDatabase(postgres?.location ?? { sqliteFile: join(dir, 'issuer.sqlite') });
  const org = await createOrganisation(db, {
    slug: `board-${randomUUID()}`,
    name: 'Test Medical Board',
    kind: 'medical-board',
    jurisdiction: 'PT',
  });
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/oid4vci`;
  let offsetMs = 0;
  const ctx: Oid4vciContext = {
    db,
    baseUrl,
    now: () => new Date(Date.now() + offsetMs),
    loadCredentialJwt: async (organisationId, credentialId) =>
      (await getCredential(db, credentialId, organisationId))?.jwt,
    ...(options.didResolver && { didResolver: options.didResolver }),
    ...options.context,
  };
  app.use('/oid4vci', createOid4vciRouter(ctx));
  app.use(createOid4vciWellKnownRouter(ctx));
  return {
    db,
    org,
    ctx,
    baseUrl,
    advanceClock: (ms) => {
      offsetMs += ms;
    },
    resetClock: () => {
      offsetMs = 0;
    },
    async storeCredential(subjectDid, type = 'MedicalLicenseCredential') {
      const id = `urn:uuid:${randomUUID()}`;
      const jwt = credentialJwt(id, subjectDid, type);
      await insertCredential(db, {
        id,
        organisationId: org.id,
        type,
        subjectId: subjectDid,
        issuedAt: new Date().toISOString(),
        jwt,
      });
      return { id, jwt };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await postgres?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * POSTs a form to the token endpoint.
 *
 * @param baseUrl - the issuer URL.
 * @param params - form fields (an array value repeats the field).
 * @returns status, headers and parsed JSON body.
 */
export async function postToken(
  baseUrl: string,
  params: Record<string, string | string[]>,
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const value of [v].flat()) form.append(k, value);
  const response = await fetch(`${baseUrl}/token`, { method: 'POST', body: form });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** The `pre-authorized_code` inside an inline offer URI. */
export function codeOfOfferUri(offerUri: string): string {
  const offer = JSON.parse(new URL(offerUri).searchParams.get('credential_offer')!) as {
    grants: Record<string, { 'pre-authorized_code': string }>;
  };
  return offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
}

/** The pre-authorised grant type. */
export const PRE_AUTH_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
