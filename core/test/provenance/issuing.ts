// Test helpers shared by the provenance, review and evidence suites: organisations with did:ethr identities, status
// lists and trust-registry accreditations on the local chain; credentials and presentations signed with
// did-jwt-vc / did-jwt (ES256K); patients with secp256k1 did:key identifiers.
import { randomBytes } from 'node:crypto';
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt } from 'did-jwt-vc';
import { ES256KSigner } from 'did-jwt';
import { secp256k1 } from '@noble/curves/secp256k1';
import { schemaIdFor, type CredentialTypeName } from '@medtrust/schemas';
import type { Hex, TransactionReceipt } from 'viem';
import {
  accredit,
  createList,
  ethrIdentity,
  setStatus,
  type ChainFixture,
  type EthrIdentity,
} from '../verification/fixture.ts';

export const DAY = 86_400;

/** Unix seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** An organisation: a did:ethr identity owning status list 1, with a counter of used status indices. */
export interface Organisation extends EthrIdentity {
  listId: bigint;
  nextIndex: number;
}

/**
 * A funded did:ethr organisation with status list 1 (512 slots), accredited in the trust registry for each
 * (type, jurisdiction) given, from the block that records it (the registry refuses a past start) for 10 years.
 */
export async function organisation(
  fixture: ChainFixture,
  accreditations: ReadonlyArray<{ type: string; jurisdiction?: string }> = [],
): Promise<Organisation> {
  const identity = await ethrIdentity(fixture);
  const now = nowSeconds();
  for (const a of accreditations) {
    await accredit(fixture, identity.address, a.type, a.jurisdiction ?? 'PT', 0, now + 10 * 365 * DAY);
  }
  await createList(fixture, identity.privateKey, identity.address, 1n, 2);
  return { ...identity, listId: 1n, nextIndex: 0 };
}

/** What {@link issue} returns: the JWT and the status slot it points at. */
export interface Issued {
  jwt: string;
  id: string;
  index: number;
}

/** Options of {@link issue}. */
export interface IssueOptions {
  /**
   * Unix seconds; now by default (not earlier: the local chain was started by the test, and historical status
   * questions about earlier moments would ask about blocks before the registries existed).
   */
  nbf?: number;
  /** Unix seconds; none by default. */
  exp?: number;
  /** false: no credentialStatus. */
  status?: boolean;
}

/** Signs a medtrust credential of `type` about `subject` with the organisation's key (did-jwt-vc, ES256K). */
export async function issue(
  fixture: ChainFixture,
  issuer: Organisation | { did: string; privateKey: Hex; address?: string },
  type: CredentialTypeName,
  subject: string,
  claims: Record<string, unknown>,
  options: IssueOptions = {},
): Promise<Issued> {
  const id = `urn:uuid:${crypto.randomUUID()}`;
  const vc: Record<string, unknown> = {
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    type: ['VerifiableCredential', type],
    credentialSubject: claims,
    credentialSchema: { id: schemaIdFor(type), type: 'JsonSchema' },
  };
  let index = -1;
  if (options.status !== false && 'listId' in issuer) {
    index = issuer.nextIndex++;
    vc.credentialStatus = {
      id: `urn:medtrust:status:${fixture.config.chainId}:${issuer.address}:${issuer.listId}:${index}`,
      type: 'MedtrustStatusRegistryEntry',
      statusRegistry: fixture.deployment.statusRegistry,
      statusIssuer: issuer.address,
      statusListId: Number(issuer.listId),
      statusListIndex: index,
    };
  }
  const payload: Record<string, unknown> = { sub: subject, jti: id, nbf: options.nbf ?? nowSeconds(), vc };
  if (options.exp !== undefined) payload.exp = options.exp;
  const jwt = await createVerifiableCredentialJwt(payload as never, {
    did: issuer.did,
    signer: ES256KSigner(Buffer.from(issuer.privateKey.slice(2), 'hex')),
    alg: 'ES256K',
  });
  return { jwt, id, index };
}

/** Revokes, suspends or reinstates a credential issued by `issuer` with {@link issue}. */
export function changeStatus(
  fixture: ChainFixture,
  action: 'revoke' | 'suspend' | 'reinstate',
  issuer: Organisation,
  issued: Issued,
): Promise<TransactionReceipt> {
  return setStatus(fixture, action, issuer.privateKey, issuer.address, issuer.listId, BigInt(issued.index));
}

/** A holder that can sign presentations: a did:ethr organisation or a did:key patient. */
export interface Holder {
  did: string;
  privateKey: Hex;
}

/** A patient with a fresh secp256k1 `did:key` (multicodec 0xe7, compressed key). */
export function didKeyPatient(): Holder {
  const secret = randomBytes(32);
  const publicKey = secp256k1.getPublicKey(secret, true);
  return {
    did: `did:key:z${base58(Uint8Array.from([0xe7, 0x01, ...publicKey]))}`,
    privateKey: `0x${secret.toString('hex')}`,
  };
}

/** A presentation JWT signed by `holder` (did-jwt-vc), carrying `credentials`. */
export function present(
  holder: Holder,
  credentials: readonly string[],
  claims: { nonce?: string; aud?: string } = {},
): Promise<string> {
  return createVerifiablePresentationJwt(
    {
      vp: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiablePresentation'],
        verifiableCredential: [...credentials],
      },
      ...claims,
    } as never,
    { did: holder.did, signer: ES256KSigner(Buffer.from(holder.privateKey.slice(2), 'hex')), alg: 'ES256K' },
  );
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/** ISO date (YYYY-MM-DD) of a Unix time. */
export function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** Codes of the failed or errored checks of a domain report and of its links. */
export function failedCodes(report: {
  checks: ReadonlyArray<{ status: string; code?: string }>;
  links?: ReadonlyArray<{ checks: ReadonlyArray<{ status: string; code?: string }> }>;
}): string[] {
  return [...report.checks, ...(report.links ?? []).flatMap((l) => l.checks)]
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => c.code!);
}

/** The latest block's timestamp (seconds). */
export async function chainTime(fixture: ChainFixture): Promise<number> {
  return Number((await fixture.publicClient.getBlock({ blockTag: 'latest' })).timestamp);
}
