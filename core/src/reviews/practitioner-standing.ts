/**
 * The doctor's licence and the hospital's accreditation ON THE TREATMENT DATE: a credential about them verified by
 * the pipeline as of the treatment moment (validity window, historical on-chain status at the last block at or
 * before it, issuer keys and accreditation as of issuance), whose subject's `validFrom` – `validUntil` covers the
 * treatment date. A licence suspended after the visit therefore does not fail the review; one suspended before does.
 * @see ../verification/verify-options.ts (asOf)
 */
import { ErrorCodes, type ErrorCode } from '../errors/codes.ts';
import type { CheckOutcome } from '../provenance/pipeline-outcome.ts';
import {
  findStandingCredential,
  type AsOfVerifier,
  type StandingVerdict,
} from '../provenance/standing-credential.ts';
import type { CredentialReport } from '../verification/verification-report.ts';
import type { StandingSummary } from './review-report.ts';

/** What a standing check needs. */
export interface StandingContext {
  verifier: AsOfVerifier;
  /** Every report produced, for the report's `credentials`. */
  reports: CredentialReport[];
}

/** Outcome of a standing check and the credential that showed it. */
export interface StandingOutcome {
  outcome: CheckOutcome;
  summary?: StandingSummary;
}

/**
 * Whether a licence's jurisdiction covers the hospital's: equal, or a country covering one of its subdivisions
 * (`PT` covers `PT-11`).
 * @param licence - the licence's ISO 3166 code.
 * @param hospital - the hospital's ISO 3166 code.
 * @returns whether a doctor licensed in `licence` may practise in `hospital`.
 */
export function jurisdictionCovers(licence: string, hospital: string): boolean {
  return licence === hospital || hospital.startsWith(`${licence}-`);
}

async function candidates(
  given: readonly unknown[],
  lookup: ((did: string) => Promise<readonly unknown[]>) | undefined,
  did: string,
): Promise<{ ok: true; list: readonly unknown[] } | { ok: false; detail: string }> {
  if (lookup === undefined) return { ok: true, list: given };
  try {
    const found = await lookup(did);
    return { ok: true, list: [...given, ...(Array.isArray(found) ? found : [])] };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message.slice(0, 200) : String(error) };
  }
}

/**
 * Summarises a standing credential from its pipeline report.
 * @param report - a verified licence or accreditation report.
 * @returns the summary.
 */
export function standingSummaryOf(report: CredentialReport): StandingSummary | undefined {
  const c = report.credential;
  if (c === undefined || c.subject === undefined) return undefined;
  const claims = c.credentialSubject;
  const summary: StandingSummary = {
    type: c.type.find((t) => t !== 'VerifiableCredential') ?? 'VerifiableCredential',
    issuer: c.issuer,
    subject: c.subject,
  };
  if (c.id !== undefined) summary.credentialId = c.id;
  for (const name of ['name', 'jurisdiction', 'specialty', 'validFrom', 'validUntil'] as const) {
    if (typeof claims[name] === 'string') summary[name] = claims[name] as string;
  }
  if (Array.isArray(claims.accreditedServices)) {
    summary.accreditedServices = claims.accreditedServices.filter((s): s is string => typeof s === 'string');
  }
  if (c.status !== undefined) summary.status = { ...c.status };
  return summary;
}

async function standing(
  ctx: StandingContext,
  query: {
    party: string;
    type: string;
    at: Date;
    day: string;
    given: readonly unknown[];
    lookup?: (did: string) => Promise<readonly unknown[]>;
    accept?: (claims: Readonly<Record<string, unknown>>) => Promise<StandingVerdict>;
    failCode: ErrorCode;
    what: string;
  },
): Promise<StandingOutcome> {
  const found = await candidates(query.given, query.lookup, query.party);
  if (!found.ok) {
    return {
      outcome: {
        status: 'error',
        code: ErrorCodes.CREDENTIAL_LOOKUP_UNAVAILABLE,
        detail: `looking up the ${query.what} of ${query.party} failed: ${found.detail}`,
      },
    };
  }
  const result = await findStandingCredential(ctx.verifier, {
    party: query.party,
    type: query.type,
    at: query.at,
    day: query.day,
    candidates: found.list,
    ...(query.accept === undefined ? {} : { accept: query.accept }),
  });
  ctx.reports.push(...result.reports);
  if (result.state === 'valid' && result.accepted !== undefined) {
    const summary = standingSummaryOf(result.accepted);
    const outcome: CheckOutcome = {
      status: 'passed',
      detail: `${query.type} ${summary?.credentialId ?? ''} from ${summary?.issuer ?? '?'} valid on ${query.day} (as of ${query.at.toISOString()})`,
    };
    if (summary?.status?.blockNumber !== undefined) outcome.blockNumber = summary.status.blockNumber;
    return summary === undefined ? { outcome } : { outcome, summary };
  }
  const reasons = result.reasons.join('; ');
  if (result.state === 'unavailable') {
    return {
      outcome: {
        status: 'error',
        code: result.unavailableCode ?? ErrorCodes.STATUS_UNAVAILABLE,
        detail: `could not decide the ${query.what} of ${query.party} on ${query.day}: ${reasons}`,
      },
    };
  }
  return {
    outcome: { status: 'failed', code: query.failCode, detail: `${query.party} on ${query.day}: ${reasons}` },
  };
}

/**
 * The hospital's accreditation on the treatment date.
 * @param ctx - the memoising verifier and the report collector.
 * @param hospital - the hospital DID.
 * @param at - the treatment moment.
 * @param day - the treatment date.
 * @param given - candidate `HospitalAccreditationCredential`s.
 * @param lookup - optional directory lookup.
 * @returns passed with the accreditation, `HOSPITAL_NOT_ACCREDITED_AT_TREATMENT`, or `error`.
 */
export function checkHospitalAccreditationAt(
  ctx: StandingContext,
  hospital: string,
  at: Date,
  day: string,
  given: readonly unknown[],
  lookup?: (did: string) => Promise<readonly unknown[]>,
): Promise<StandingOutcome> {
  return standing(ctx, {
    party: hospital,
    type: 'HospitalAccreditationCredential',
    at,
    day,
    given,
    ...(lookup === undefined ? {} : { lookup }),
    failCode: ErrorCodes.HOSPITAL_NOT_ACCREDITED_AT_TREATMENT,
    what: 'accreditation',
  });
}

/**
 * The doctor's licence on the treatment date, in a jurisdiction covering the hospital's (when known).
 * @param ctx - the memoising verifier and the report collector.
 * @param doctor - the doctor DID.
 * @param at - the treatment moment.
 * @param day - the treatment date.
 * @param given - candidate `MedicalLicenseCredential`s.
 * @param hospitalJurisdiction - the hospital's jurisdiction, when its accreditation verified.
 * @param lookup - optional register lookup.
 * @returns passed with the licence, `LICENCE_NOT_VALID_AT_TREATMENT`, or `error`.
 */
export function checkLicenceAt(
  ctx: StandingContext,
  doctor: string,
  at: Date,
  day: string,
  given: readonly unknown[],
  hospitalJurisdiction: string | undefined,
  lookup?: (did: string) => Promise<readonly unknown[]>,
): Promise<StandingOutcome> {
  return standing(ctx, {
    party: doctor,
    type: 'MedicalLicenseCredential',
    at,
    day,
    given,
    ...(lookup === undefined ? {} : { lookup }),
    accept: async (claims) => {
      const jurisdiction = claims.jurisdiction;
      if (hospitalJurisdiction === undefined || typeof jurisdiction !== 'string') return { ok: true };
      return jurisdictionCovers(jurisdiction, hospitalJurisdiction)
        ? { ok: true }
        : {
            ok: false,
            reason: `licensed in ${jurisdiction}, but the hospital is in ${hospitalJurisdiction}`,
          };
    },
    failCode: ErrorCodes.LICENCE_NOT_VALID_AT_TREATMENT,
    what: 'licence',
  });
}
