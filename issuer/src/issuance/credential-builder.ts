import { randomUUID } from 'node:crypto';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import {
  isKnownCredentialType,
  schemaIdFor,
  type CredentialTypeName,
  type MedtrustStatusRegistryEntry,
} from '@medtrust/schemas';
import { W3C_CREDENTIALS_CONTEXT_V1, type UnsignedCredentialInput } from '../keys/index.ts';
import { SchemaInvalidError } from './schema-invalid-error.ts';

/**
 * A credential as a client asks for it: the `credential` member of a W3C VC-API `POST /credentials/issue` body.
 * Everything the issuer controls (`id`, `issuanceDate`, `credentialSchema`, `credentialStatus`, the proof) is added
 * by {@link buildCredential}; a request that sets one of them is refused.
 */
export interface CredentialRequest {
  /** Extra JSON-LD contexts; the W3C v1 context is always first. */
  '@context'?: string | ReadonlyArray<string | Record<string, unknown>>;
  /** The credential type (`MedicalLicenseCredential`) or the whole list (with or without `VerifiableCredential`). */
  type: string | readonly string[];
  /** The claims (health or licensing data: never log them). */
  credentialSubject: Record<string, unknown>;
  /** RFC 3339 date-time after which the credential is no longer valid. */
  expirationDate?: string;
  /** When given, must be the issuing organisation's DID (a string, or an object whose `id` is it). */
  issuer?: string | ({ id: string } & Record<string, unknown>);
}

/** The issuing organisation as the builder needs it. */
export interface IssuerIdentityRef {
  /** `did:ethr:…` of the organisation. */
  did: string;
  /** Its Ethereum address (the status lists' owner on-chain). */
  address: string;
}

/** The chain facts that go into `credentialStatus`. */
export interface StatusChainRef {
  chainId: number;
  /** Address of the StatusRegistry contract. */
  statusRegistry: string;
}

/** One status slot: list id and index in it. */
export interface StatusSlot {
  listId: number;
  index: number;
}

/** A complete credential, ready to be signed (its `type`, `issuer`, dates, schema and status are all set). */
export interface UnsignedCredential extends UnsignedCredentialInput {
  '@context': Array<string | Record<string, unknown>>;
  type: string[];
  id: string;
  issuer: string | ({ id: string } & Record<string, unknown>);
  issuanceDate: string;
  credentialSchema: { id: string; type: 'JsonSchema' };
  credentialStatus: MedtrustStatusRegistryEntry;
  credentialSubject: Record<string, unknown>;
}

/** What {@link buildCredential} needs besides the request. */
export interface BuildCredentialOptions {
  /** The issuing organisation. */
  issuer: IssuerIdentityRef;
  /** Chain id and StatusRegistry address. */
  chain: StatusChainRef;
  /** The credential's status slot (use {@link PLACEHOLDER_STATUS_SLOT} to validate before allocating). */
  slot: StatusSlot;
  /** Issuance time (the injected clock); carried in whole seconds, as the JWT `nbf` does. */
  issuedAt: Date;
  /** The credential id; a new `urn:uuid:` when omitted. */
  id?: string;
}

/**
 * A status slot used to validate a credential before a real one is allocated: the schema then sees a complete
 * `credentialStatus`, and no index is consumed by a credential that turns out invalid.
 */
export const PLACEHOLDER_STATUS_SLOT: Readonly<StatusSlot> = Object.freeze({ listId: 0, index: 0 });

/** Request members the builder accepts; anything else is refused. */
const REQUEST_PROPERTIES = new Set(['@context', 'type', 'credentialSubject', 'expirationDate', 'issuer']);
/** Members only the issuer sets. */
const ISSUER_CONTROLLED = new Set([
  'id',
  'issuanceDate',
  'credentialSchema',
  'credentialStatus',
  'proof',
  'validFrom',
  'validUntil',
]);

function invalidArgument(message: string): MedtrustError {
  return new MedtrustError(ErrorCodes.INVALID_ARGUMENT, message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The medtrust credential type a request names.
 *
 * @param type - the request's `type` (a string or a list).
 * @returns the one known medtrust type it names.
 * @throws SchemaInvalidError (`SCHEMA_INVALID`, pointer `/type`) when it names none or several known types.
 */
export function credentialTypeOf(type: unknown): CredentialTypeName {
  const declared: unknown[] = Array.isArray(type) ? type : [type];
  const known = [...new Set(declared.filter(isKnownCredentialType))];
  if (known.length === 1) return known[0]!;
  throw new SchemaInvalidError([
    known.length === 0
      ? {
          instancePath: '/type',
          keyword: 'unknownType',
          message: 'must name a known medtrust credential type',
        }
      : {
          instancePath: '/type',
          keyword: 'ambiguousType',
          message: `must name only one medtrust credential type, found ${known.join(', ')}`,
        },
  ]);
}

/**
 * Tells whether two DIDs name the same issuer. `did:ethr` addresses are case-insensitive (EIP-55 checksums only
 * change letter case), so those compare without case; other DIDs compare exactly.
 *
 * @param a - a DID.
 * @param b - another DID.
 * @returns true when they are the same DID.
 */
export function sameDid(a: string, b: string): boolean {
  if (a === b) return true;
  return a.startsWith('did:ethr:') && b.startsWith('did:ethr:') && a.toLowerCase() === b.toLowerCase();
}

/**
 * The `credentialStatus` of a credential: its slot in the on-chain StatusRegistry, with the id
 * `urn:medtrust:status:<chainId>:<statusRegistry>:<issuerAddress>:<listId>:<index>`.
 *
 * @param chain - chain id and StatusRegistry address.
 * @param issuerAddress - the issuer's identity address (owner of the list).
 * @param slot - list id and index.
 * @returns the `MedtrustStatusRegistryEntry`.
 */
export function statusEntryFor(
  chain: StatusChainRef,
  issuerAddress: string,
  slot: StatusSlot,
): MedtrustStatusRegistryEntry {
  return {
    id: `urn:medtrust:status:${chain.chainId}:${chain.statusRegistry}:${issuerAddress}:${slot.listId}:${slot.index}`,
    type: 'MedtrustStatusRegistryEntry',
    statusRegistry: chain.statusRegistry,
    statusIssuer: issuerAddress,
    statusListId: slot.listId,
    statusListIndex: slot.index,
  };
}

/**
 * A time truncated to whole seconds, as ISO-8601 UTC with milliseconds (`2025-03-01T10:00:00.000Z`): the precision of
 * the JWT `nbf` / `exp` claims and the form did-jwt-vc gives `issuanceDate` / `expirationDate` back in, and the
 * form the store keeps timestamps in.
 *
 * @param value - a date or an RFC 3339 date-time.
 * @returns the truncated ISO string.
 * @throws MedtrustError `INVALID_ARGUMENT` when it is not a date.
 */
export function toWholeSecondsIso(value: Date | string): string {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw invalidArgument('not a valid date');
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/**
 * Turns a request credential into the complete unsigned credential: W3C v1 context first, `type` with
 * `VerifiableCredential` first, `issuer` = the organisation's DID (an issuer object keeps its other members, e.g.
 * `name`), `issuanceDate` from `issuedAt`, a `urn:uuid:` id, `credentialSchema` of the type and the
 * `credentialStatus` of `slot`. Does not validate the claims against the schema (the caller does, see
 * `issueCredential`).
 *
 * @param request - the request credential (VC-API `credential`).
 * @param options - issuer, chain, slot, issuance time and optional id.
 * @returns the unsigned credential.
 * @throws MedtrustError `FORBIDDEN` when the request names another issuer; `INVALID_ARGUMENT` when it is not an
 *   object, its `credentialSubject` is not one object, or it sets a member the issuer controls or an unknown one;
 *   SchemaInvalidError (`SCHEMA_INVALID`, pointer `/type`) when `type` names no (or several) known types.
 */
export function buildCredential(request: unknown, options: BuildCredentialOptions): UnsignedCredential {
  if (!isPlainObject(request)) throw invalidArgument('the credential must be a JSON object');
  for (const name of Object.keys(request)) {
    if (ISSUER_CONTROLLED.has(name)) throw invalidArgument(`"${name}" is set by the issuer, not the request`);
    if (!REQUEST_PROPERTIES.has(name)) throw invalidArgument(`unsupported credential member "${name}"`);
  }
  const { did, address } = options.issuer;

  let issuer: UnsignedCredential['issuer'] = did;
  const requested = request.issuer;
  if (requested !== undefined) {
    const requestedDid = isPlainObject(requested) ? requested.id : requested;
    if (typeof requestedDid !== 'string' || !sameDid(requestedDid, did)) {
      throw new MedtrustError(
        ErrorCodes.FORBIDDEN,
        'the credential names another issuer than the calling organisation',
      );
    }
    if (isPlainObject(requested)) issuer = { ...requested, id: did };
  }

  const typeName = credentialTypeOf(request.type);
  const declaredTypes = (Array.isArray(request.type) ? request.type : [request.type]) as unknown[];
  if (declaredTypes.some((t) => typeof t !== 'string' || t === '')) {
    throw new SchemaInvalidError([
      { instancePath: '/type', keyword: 'type', message: 'must be a list of non-empty strings' },
    ]);
  }
  const type = [...new Set(['VerifiableCredential', ...(declaredTypes as string[])])];

  const extraContexts = request['@context'] === undefined ? [] : request['@context'];
  const context = [
    W3C_CREDENTIALS_CONTEXT_V1,
    ...(Array.isArray(extraContexts) ? extraContexts : [extraContexts]),
  ].filter((c, i, all) => all.indexOf(c) === i) as Array<string | Record<string, unknown>>;

  if (!isPlainObject(request.credentialSubject)) {
    throw invalidArgument('credentialSubject must be one JSON object');
  }

  const credential: UnsignedCredential = {
    '@context': context,
    type,
    id: options.id ?? `urn:uuid:${randomUUID()}`,
    issuer,
    issuanceDate: toWholeSecondsIso(options.issuedAt),
    credentialSchema: { id: schemaIdFor(typeName), type: 'JsonSchema' },
    credentialStatus: statusEntryFor(options.chain, address, options.slot),
    credentialSubject: request.credentialSubject,
  };
  if (request.expirationDate !== undefined) credential.expirationDate = request.expirationDate as string;
  return credential;
}
