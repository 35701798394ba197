import { AsyncResource } from 'node:async_hooks';
import type { CredentialTypeName, SchemaValidator } from '@medtrust/schemas';
import { allocateStatusIndex, appendAuditEntry, insertCredential } from '../store/index.ts';
import type { CredentialSigner, JwtVerifiableCredential, SignedCredential } from '../keys/index.ts';
import {
  PLACEHOLDER_STATUS_SLOT,
  buildCredential,
  credentialTypeOf,
  statusEntryFor,
  type IssuerIdentityRef,
  type StatusChainRef,
  type UnsignedCredential,
} from './credential-builder.ts';
import { DEFAULT_STATUS_LIST_CAPACITY, type IssuanceContext } from './issuance-context.ts';
import { SchemaInvalidError } from './schema-invalid-error.ts';

/** Audit action recorded for every issued credential. */
export const CREDENTIAL_ISSUED_ACTION = 'credential.issued';

/** What {@link issueCredential} needs. */
export interface IssueCredentialInput {
  /** The issuing organisation (from the caller's API key). */
  organisationId: string;
  /** Who asks, for the audit log: API key id, `cli:<user>`, … */
  actor: string;
  /** The VC-API request credential (`{ type, credentialSubject, expirationDate?, issuer? }`). */
  credential: unknown;
}

/** An issued credential. */
export interface IssuedCredentialResult {
  /** `urn:uuid:…`, the credential's `id`. */
  credentialId: string;
  /** The W3C JSON form with its `JwtProof2020` proof (VC-API response shape). */
  verifiableCredential: JwtVerifiableCredential;
  /** The compact JWT (what is stored). */
  jwt: string;
  /** Its status slot. */
  listId: number;
  index: number;
}

/** A request that passed schema validation, complete but for its status slot. */
export interface ValidatedCredential {
  /** The medtrust credential type. */
  type: CredentialTypeName;
  /** The credential, with {@link PLACEHOLDER_STATUS_SLOT} as its status. */
  credential: UnsignedCredential;
}

/**
 * Builds a request credential with a placeholder status slot and validates it against its JSON Schema, so that an
 * invalid credential is refused before any status index is allocated.
 *
 * @param validator - the schema validator.
 * @param request - the request credential.
 * @param options - issuer, chain and issuance time.
 * @returns the type and the complete credential (placeholder status).
 * @throws SchemaInvalidError (`SCHEMA_INVALID`, with `pointer` and `errors`) when it violates its schema;
 *   MedtrustError `FORBIDDEN` / `INVALID_ARGUMENT` from {@link buildCredential}.
 */
export function validateCredentialRequest(
  validator: SchemaValidator,
  request: unknown,
  options: { issuer: IssuerIdentityRef; chain: StatusChainRef; issuedAt: Date },
): ValidatedCredential {
  const credential = buildCredential(request, { ...options, slot: PLACEHOLDER_STATUS_SLOT });
  const type = credentialTypeOf(credential.type);
  const result = validator.validate(credential, type);
  if (!result.valid) throw new SchemaInvalidError(result.errors);
  return { type, credential };
}

/**
 * Binds a signer's `sign` to the current asynchronous context, to be called later inside a transaction. The fast
 * signer re-reads its key record now and then (to notice a rotation made by another process); when the key records
 * live in the same database (`SqlRecordStore`), that read would run inside the transaction's context, where the store
 * refuses the root database. Bound like this it runs as the independent read it is (on SQLite's read-only connection
 * for a file database; on PostgreSQL another pooled connection).
 *
 * @param signer - the organisation's signer.
 * @returns `sign`, bound to the context of the call.
 */
export function signOutsideTransaction(
  signer: CredentialSigner,
): (credential: UnsignedCredential) => Promise<SignedCredential> {
  return AsyncResource.bind((credential: UnsignedCredential) => signer.sign(credential));
}

/**
 * Issues one credential as an organisation, in three steps:
 * 1. the request is built and validated (nothing is written for an invalid one);
 * 2. a status index is allocated in its own short transaction (the `status_lists` row lock is held only for the
 *    allocation, never while signing, so concurrent requests do not hold pooled connections waiting on each other);
 * 3. the credential is completed with its slot and signed (ES256K JWT, fast signer) outside any transaction, then
 *    ONE transaction stores it and appends the audit entry (`credential.issued`, target = credential id, detail
 *    `{ type }` only: never subject data).
 * If signing or storing fails, the allocated index stays consumed and unused: an index is never handed out twice,
 * which matters more than a gap (a gap is one unused bit of the on-chain list).
 *
 * @param ctx - database, signer, identity, validator, clock, chain.
 * @param input - organisation, actor and request credential.
 * @returns the credential id, its W3C JSON form and JWT, and its status slot.
 * @throws SchemaInvalidError (`SCHEMA_INVALID`, `pointer` = first error's JSON pointer, `errors`);
 *   MedtrustError `FORBIDDEN` (another issuer in the request, or the organisation has no identity),
 *   `INVALID_ARGUMENT` (malformed request), `NOT_FOUND` (unknown organisation); KeyError `KEY_RETIRED` /
 *   `KEY_NOT_FOUND` from the signer; StoreError on database failure.
 */
export async function issueCredential(
  ctx: IssuanceContext,
  input: IssueCredentialInput,
): Promise<IssuedCredentialResult> {
  const { organisationId } = input;
  const issuer = await ctx.organisationFor(organisationId);
  const issuedAt = ctx.clock();
  const { type, credential } = validateCredentialRequest(ctx.validator, input.credential, {
    issuer,
    chain: ctx.chain,
    issuedAt,
  });
  const signer = await ctx.signerFor(organisationId);
  const initialCapacity = ctx.statusListCapacity ?? DEFAULT_STATUS_LIST_CAPACITY;

  const slot = await ctx.db.transaction((tx) => allocateStatusIndex(tx, organisationId, { initialCapacity }));
  const complete: UnsignedCredential = {
    ...credential,
    credentialStatus: statusEntryFor(ctx.chain, issuer.address, slot),
  };
  const { jwt, verifiableCredential } = await signer.sign(complete);
  const subjectId = complete.credentialSubject.id;
  await ctx.db.transaction(async (tx) => {
    await insertCredential(tx, {
      id: complete.id,
      organisationId,
      type,
      subjectId: typeof subjectId === 'string' ? subjectId : null,
      issuedAt: verifiableCredential.issuanceDate,
      expiresAt: verifiableCredential.expirationDate ?? null,
      jwt,
      listId: slot.listId,
      listIndex: slot.index,
    });
    await appendAuditEntry(tx, {
      at: issuedAt.toISOString(),
      organisationId,
      actor: input.actor,
      action: CREDENTIAL_ISSUED_ACTION,
      target: complete.id,
      detail: { type },
    });
  });
  return {
    credentialId: complete.id,
    verifiableCredential,
    jwt,
    listId: slot.listId,
    index: slot.index,
  };
}
