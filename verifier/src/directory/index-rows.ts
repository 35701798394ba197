/**
 * The columns of the index tables as both backends return them (same names on SQLite and PostgreSQL), and their
 * conversion to {@link PartyRow} and {@link StoredVerification}.
 */
import type { StoredVerification } from './directory-index.ts';
import type { PartyRow } from './party-row.ts';
import type { DirectoryKind } from './publishable-types.ts';

/** A `parties` row. */
export interface PartyColumns {
  subject_key: string;
  kind: string;
  did: string;
  name: string | null;
  number: string | null;
  jurisdiction: string | null;
  issuer: string;
  specialty: string | null;
  role: string | null;
  credentials: number;
  name_key: string;
  tokens: string;
}

/** A `verification_results` row. */
export interface ResultColumns {
  jwt_hash: string;
  status: string;
  accreditation: string;
  checked_at: string;
  recheck_after: string;
  stale: number | boolean;
  generation: number;
}

/**
 * @param row - a `parties` row.
 * @returns the party.
 */
export function partyOfColumns(row: PartyColumns): PartyRow {
  const party: PartyRow = {
    subjectKey: row.subject_key,
    kind: row.kind as DirectoryKind,
    did: row.did,
    issuer: row.issuer,
    credentials: Number(row.credentials),
    nameKey: row.name_key,
    tokens: row.tokens,
  };
  for (const [key, value] of [
    ['name', row.name],
    ['number', row.number],
    ['jurisdiction', row.jurisdiction],
    ['specialty', row.specialty],
    ['role', row.role],
  ] as const) {
    if (value !== null) party[key] = value;
  }
  return party;
}

/**
 * @param row - a `verification_results` row.
 * @returns the stored verification.
 */
export function resultOfColumns(row: ResultColumns): StoredVerification {
  return {
    jwtHash: row.jwt_hash,
    status: JSON.parse(row.status) as StoredVerification['status'],
    accreditation: JSON.parse(row.accreditation) as StoredVerification['accreditation'],
    checkedAt: row.checked_at,
    recheckAfter: row.recheck_after,
    stale: row.stale === true || row.stale === 1,
    generation: Number(row.generation),
  };
}
