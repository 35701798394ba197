/**
 * The `status` check: the credential's `MedtrustStatusRegistryEntry` read from the on-chain `StatusRegistry`.
 * @see ../../../docs/contracts-design.md (StatusRegistry)
 * @see https://www.w3.org/TR/vc-data-model/#status
 */
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import type { CheckList } from './check-list.ts';
import { ethrIdentityAddress } from './did-syntax.ts';
import { isPlainObject } from './json-shape.ts';
import type { ParsedCredential } from './parsed-credential.ts';
import type { CredentialStatusSummary } from './verification-report.ts';
import type { StatusReadAt, StatusSource } from './verifier-dependencies.ts';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const LIST_ID = /^(0|[1-9][0-9]{0,19})$/;
const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * Records `status` and returns what it read. Skipped when the credential has no `credentialStatus` and its type
 * does not require one; `STATUS_ENTRY_INVALID` for an entry that cannot be checked; `CREDENTIAL_REVOKED` /
 * `CREDENTIAL_SUSPENDED`; `STATUS_UNAVAILABLE` as `failed` when the list or index does not exist on-chain and as
 * `error` when the chain cannot be read.
 * @param list - the report's checks.
 * @param credential - the parsed credential (signature already verified).
 * @param source - the status registry.
 * @param required - types that must carry a status entry.
 * @param at - a historical block or time; the latest cached block when omitted.
 * @returns the status read, when it was read.
 */
export async function checkStatus(
  list: CheckList,
  credential: ParsedCredential,
  source: StatusSource,
  required: ReadonlySet<string>,
  at: StatusReadAt | undefined,
): Promise<CredentialStatusSummary | undefined> {
  const entry = credential.credentialStatus;
  if (entry === undefined) {
    if (credential.type.some((t) => required.has(t))) {
      list.fail(
        'status',
        ErrorCodes.STATUS_ENTRY_INVALID,
        'this credential type must carry a credentialStatus',
      );
    } else {
      list.notApplicable('status', 'the credential has no credentialStatus');
    }
    return undefined;
  }
  const invalid = (detail: string) => {
    list.fail('status', ErrorCodes.STATUS_ENTRY_INVALID, detail);
    return undefined;
  };
  if (!isPlainObject(entry) || entry.type !== 'MedtrustStatusRegistryEntry') {
    return invalid('credentialStatus is not a MedtrustStatusRegistryEntry');
  }
  const { statusRegistry, statusIssuer, statusListId, statusListIndex } = entry;
  if (typeof statusRegistry !== 'string' || statusRegistry.toLowerCase() !== source.registry.toLowerCase()) {
    return invalid(
      `statusRegistry ${String(statusRegistry)} is not the configured registry ${source.registry}`,
    );
  }
  if (typeof statusIssuer !== 'string' || !ADDRESS.test(statusIssuer)) {
    return invalid('statusIssuer must be an address');
  }
  const issuerAddress = ethrIdentityAddress(credential.issuer);
  if (issuerAddress === undefined || issuerAddress !== statusIssuer.toLowerCase()) {
    return invalid(`status list ${statusIssuer} is not owned by the issuer ${credential.issuer}`);
  }
  let listId: bigint;
  if (typeof statusListId === 'number' && Number.isSafeInteger(statusListId) && statusListId >= 0) {
    listId = BigInt(statusListId);
  } else if (typeof statusListId === 'string' && LIST_ID.test(statusListId)) {
    listId = BigInt(statusListId);
  } else {
    return invalid('statusListId must be a non-negative integer');
  }
  if (listId > MAX_UINT64) return invalid('statusListId exceeds uint64');
  if (typeof statusListIndex !== 'number' || !Number.isSafeInteger(statusListIndex) || statusListIndex < 0) {
    return invalid('statusListIndex must be a non-negative integer');
  }

  let reading;
  try {
    reading = await source.statusOf({ issuer: issuerAddress, listId, index: BigInt(statusListIndex) }, at);
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 200) : String(error);
    if (error instanceof MedtrustError && error.code === ErrorCodes.CONTRACT_REVERTED) {
      list.fail(
        'status',
        ErrorCodes.STATUS_UNAVAILABLE,
        `the status list or index does not exist: ${message}`,
      );
    } else {
      list.error('status', ErrorCodes.STATUS_UNAVAILABLE, `status registry unavailable: ${message}`);
    }
    return undefined;
  }
  const blockNumber = reading.blockNumber.toString();
  if (reading.revoked) list.fail('status', ErrorCodes.CREDENTIAL_REVOKED, 'revoked', blockNumber);
  else if (reading.suspended) list.fail('status', ErrorCodes.CREDENTIAL_SUSPENDED, 'suspended', blockNumber);
  else list.pass('status', undefined, blockNumber);
  return { revoked: reading.revoked, suspended: reading.suspended, blockNumber };
}
