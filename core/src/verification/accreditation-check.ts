/**
 * The `issuer-accreditation` check: for credential types that require it, the issuer's `did:ethr` identity must have
 * been accredited in the on-chain `TrustRegistry` for the type and the subject's jurisdiction when the credential was
 * anchored (as of the anchor block), or at issuance for a type that is not anchored.
 * @see ../../../docs/contracts-design.md (TrustRegistry)
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckList } from './check-list.ts';
import { isoDate } from './credential-time.ts';
import { ethrIdentityAddress } from './did-syntax.ts';
import type { ParsedCredential } from './parsed-credential.ts';
import type { AccreditationSource } from './verifier-dependencies.ts';

/**
 * Records `issuer-accreditation`: skipped when no type of the credential requires accreditation;
 * `ISSUER_NOT_ACCREDITED` when the issuer is not a `did:ethr`, the subject has no `jurisdiction`, or the registry
 * says no; `ACCREDITATION_UNAVAILABLE` (`error`) when the registry cannot be read.
 * @param list - the report's checks.
 * @param credential - the parsed credential (signature already verified).
 * @param source - the trust registry.
 * @param required - types that require accreditation.
 * @param anchor - the credential's anchor: accreditation is read as of its block, at its timestamp; without one, at
 *   the credential's issuance date from the current registry state.
 */
export async function checkAccreditation(
  list: CheckList,
  credential: ParsedCredential,
  source: AccreditationSource,
  required: ReadonlySet<string>,
  anchor?: { blockNumber: bigint; timeMs: number },
): Promise<void> {
  const types = credential.type.filter((t) => required.has(t));
  if (types.length === 0) {
    list.notApplicable('issuer-accreditation', 'no accreditation required for this credential type');
    return;
  }
  const address = ethrIdentityAddress(credential.issuer);
  if (address === undefined) {
    list.fail(
      'issuer-accreditation',
      ErrorCodes.ISSUER_NOT_ACCREDITED,
      'the issuer is not a did:ethr identity, so it cannot be accredited',
    );
    return;
  }
  const jurisdiction = credential.credentialSubject.jurisdiction;
  if (typeof jurisdiction !== 'string' || jurisdiction === '') {
    list.fail(
      'issuer-accreditation',
      ErrorCodes.ISSUER_NOT_ACCREDITED,
      'the credential names no credentialSubject.jurisdiction to be accredited for',
    );
    return;
  }
  const atMs = anchor?.timeMs ?? credential.issuedAt;
  const at = new Date(atMs);
  const when = anchor === undefined ? isoDate(atMs) : `${isoDate(atMs)} (block ${anchor.blockNumber})`;
  for (const type of types) {
    let accredited: boolean;
    try {
      accredited =
        anchor === undefined
          ? await source.isAccredited(address, type, jurisdiction, at)
          : await source.isAccredited(address, type, jurisdiction, at, anchor.blockNumber);
    } catch (error) {
      list.error(
        'issuer-accreditation',
        ErrorCodes.ACCREDITATION_UNAVAILABLE,
        `trust registry unavailable: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
      );
      return;
    }
    if (!accredited) {
      list.fail(
        'issuer-accreditation',
        ErrorCodes.ISSUER_NOT_ACCREDITED,
        `${credential.issuer} was not accredited for ${type} in ${jurisdiction} at ${when}`,
      );
      return;
    }
  }
  list.pass('issuer-accreditation', `${types.join(', ')} in ${jurisdiction} at ${when}`);
}
