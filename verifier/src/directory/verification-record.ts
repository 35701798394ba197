/**
 * What the directory stores of a listed credential's verification: its live status and accreditation chain as the
 * pipeline and the registry gave them, what chain events make it stale (issuer, subject, status list, accreditors),
 * and the time it must be verified again regardless (the next validity boundary of the credential, its claims or
 * its accreditation records, or the maximum age).
 */
import type { CredentialReport } from '@medtrust/core';
import type { AccreditationChain } from './accreditation-chain.ts';
import type { VerificationRecord } from './directory-index.ts';
import type { DirectoryEntry } from './directory-entry.ts';
import { ethrAddressOf } from './did-key.ts';
import type { LiveStatus } from './live-status.ts';

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/**
 * `<issuer address>:<list id>` of a credential's status list, read from its (verified) JWT.
 * @param jwt - the compact JWT.
 * @returns the key, or `undefined` when it carries no `MedtrustStatusRegistryEntry`.
 */
export function statusListKeyOf(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      vc?: { credentialStatus?: unknown };
      credentialStatus?: unknown;
    };
    const status = (payload.vc?.credentialStatus ?? payload.credentialStatus) as
      { statusIssuer?: unknown; statusListId?: unknown } | undefined;
    const { statusIssuer, statusListId } = status ?? {};
    if (typeof statusIssuer !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(statusIssuer)) return undefined;
    if (typeof statusListId !== 'number' && typeof statusListId !== 'string') return undefined;
    return `${statusIssuer.toLowerCase()}:${BigInt(statusListId)}`;
  } catch {
    return undefined;
  }
}

function boundaries(report: CredentialReport | undefined, entry: DirectoryEntry, chain: AccreditationChain) {
  const times: unknown[] = [
    report?.credential?.issuanceDate,
    report?.credential?.expirationDate,
    entry.claims.validFrom,
    entry.claims.validUntil,
  ];
  for (const link of [chain.issuer, ...chain.accreditors]) {
    for (const record of link?.records ?? [])
      times.push(record.validFrom, record.validUntil, record.withdrawnAt);
  }
  return times
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t))
    .filter((t) => Number.isFinite(t));
}

/**
 * Builds the record of one verification.
 * @param entry - the listed credential.
 * @param report - its credential report.
 * @param status - the live status made of it.
 * @param accreditation - its issuer's accreditation chain.
 * @param now - when it was verified.
 * @param maxAgeMs - the longest a stored verification is served.
 * @returns the record.
 */
export function verificationRecordOf(
  entry: DirectoryEntry,
  report: CredentialReport | undefined,
  status: LiveStatus,
  accreditation: AccreditationChain,
  now: Date,
  maxAgeMs: number,
): VerificationRecord {
  const at = now.getTime();
  const next = Math.min(at + maxAgeMs, ...boundaries(report, entry, accreditation).filter((t) => t > at));
  const accreditors = new Set<string>();
  for (const link of [accreditation.issuer, ...accreditation.accreditors]) {
    for (const record of link?.records ?? []) {
      if (record.accreditor.toLowerCase() !== ZERO_ADDRESS) accreditors.add(record.accreditor.toLowerCase());
    }
  }
  for (const link of accreditation.accreditors) accreditors.add(link.address.toLowerCase());
  const record: VerificationRecord = {
    jwtHash: entry.jwtHash,
    status,
    accreditation,
    checkedAt: now.toISOString(),
    recheckAfter: new Date(next).toISOString(),
    accreditors: [...accreditors],
  };
  const issuer = ethrAddressOf(entry.issuer)?.toLowerCase();
  const subject = ethrAddressOf(entry.subject)?.toLowerCase();
  const list = statusListKeyOf(entry.jwt);
  if (issuer !== undefined) record.issuerAddress = issuer;
  if (subject !== undefined) record.subjectAddress = subject;
  if (list !== undefined) record.statusList = list;
  return record;
}
