/**
 * Was a supply-chain party accredited at a moment? Both halves must agree: a `SupplierAccreditationCredential` about
 * the party, valid and neither revoked nor suspended as of that moment (and issued by an accredited regulator — the
 * pipeline's `issuer-accreditation`), and the on-chain `TrustRegistry` answering `isAccredited(party, typeKey,
 * <the credential's jurisdiction>, moment)`. See `provenance-policy.ts` for the type keys.
 * @see ../../../docs/contracts-design.md (TrustRegistry)
 */
import { ErrorCodes } from '../errors/codes.ts';
import { ethrIdentityAddress } from '../verification/did-syntax.ts';
import type { CredentialReport } from '../verification/verification-report.ts';
import type { AccreditationSource } from '../verification/verifier-dependencies.ts';
import type { CheckOutcome } from './pipeline-outcome.ts';
import { findStandingCredential, type AsOfVerifier, type StandingVerdict } from './standing-credential.ts';

/** Where accreditation credentials come from, and the registry. */
export interface SupplierAccreditationContext {
  verifier: AsOfVerifier;
  trustRegistry: AccreditationSource;
  /** Credentials given with the input (any party). */
  given: readonly unknown[];
  /** Optional directory lookup per DID. */
  lookup?: (did: string) => Promise<readonly unknown[]>;
  /** Lookup results per DID (filled as parties are asked about). */
  looked: Map<string, Promise<readonly unknown[]>>;
  /** Every accreditation report produced, for the report's `credentials`. */
  reports: CredentialReport[];
}

/**
 * Checks one party's accreditation at one moment.
 * @param ctx - verifier, registry, candidate credentials.
 * @param party - the party's DID (must be a `did:ethr` to be accredited on-chain).
 * @param at - the moment (a transfer date, or the batch's issuance).
 * @param typeKey - the on-chain credential type key (`CustodyTransferCredential` / `DrugBatchCredential`).
 * @param requiredRole - the role the credential must name, if any (`manufacturer` for the batch's issuer).
 * @returns `passed`; `failed` with `SUPPLIER_NOT_ACCREDITED`; or `error` with `ACCREDITATION_UNAVAILABLE`,
 *   `CREDENTIAL_LOOKUP_UNAVAILABLE` (or the pipeline's infrastructure code) when it could not be decided.
 */
export async function checkSupplierAccreditation(
  ctx: SupplierAccreditationContext,
  party: string,
  at: Date,
  typeKey: string,
  requiredRole?: string,
): Promise<CheckOutcome> {
  const when = at.toISOString();
  let candidates: readonly unknown[] = ctx.given;
  if (ctx.lookup !== undefined) {
    let pending = ctx.looked.get(party);
    if (pending === undefined) {
      pending = ctx.lookup(party).then((found) => (Array.isArray(found) ? found : []));
      ctx.looked.set(party, pending);
    }
    try {
      candidates = [...ctx.given, ...(await pending)];
    } catch (error) {
      return {
        status: 'error',
        code: ErrorCodes.CREDENTIAL_LOOKUP_UNAVAILABLE,
        detail: `looking up the accreditations of ${party} failed: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
      };
    }
  }
  const address = ethrIdentityAddress(party);
  const accept = async (claims: Readonly<Record<string, unknown>>): Promise<StandingVerdict> => {
    if (requiredRole !== undefined && claims.role !== requiredRole) {
      return { ok: false, reason: `role ${String(claims.role)}, not ${requiredRole}` };
    }
    const jurisdiction = claims.jurisdiction;
    if (typeof jurisdiction !== 'string' || jurisdiction === '')
      return { ok: false, reason: 'no jurisdiction' };
    if (address === undefined)
      return { ok: false, reason: `${party} is not a did:ethr identity and cannot be accredited on-chain` };
    try {
      if (await ctx.trustRegistry.isAccredited(address, typeKey, jurisdiction, at)) {
        return { ok: true, detail: `${typeKey} in ${jurisdiction}` };
      }
      return {
        ok: false,
        reason: `the trust registry has no ${typeKey} accreditation in ${jurisdiction} at ${when}`,
      };
    } catch (error) {
      return {
        ok: false,
        reason: `trust registry unavailable: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
        unavailable: ErrorCodes.ACCREDITATION_UNAVAILABLE,
      };
    }
  };
  const found = await findStandingCredential(ctx.verifier, {
    party,
    type: 'SupplierAccreditationCredential',
    at,
    day: when.slice(0, 10),
    candidates,
    accept,
  });
  ctx.reports.push(...found.reports);
  if (found.state === 'valid') {
    return { status: 'passed', detail: `${party} accredited for ${found.detail ?? typeKey} at ${when}` };
  }
  const reasons = found.reasons.join('; ');
  if (found.state === 'unavailable') {
    return {
      status: 'error',
      code: found.unavailableCode ?? ErrorCodes.ACCREDITATION_UNAVAILABLE,
      detail: `could not decide whether ${party} was accredited at ${when}: ${reasons}`,
    };
  }
  return {
    status: 'failed',
    code: ErrorCodes.SUPPLIER_NOT_ACCREDITED,
    detail: `${party} was not accredited at ${when}: ${reasons}`,
  };
}
