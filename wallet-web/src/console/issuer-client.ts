/** The issuer API as the console calls it (same-origin proxy, bearer session token). */
import { ApiError } from '../lib/api-error.ts';
import { fetchJson } from '../lib/fetch-json.ts';
import type { ConsoleSession } from './console-session.ts';

/** The organisation signed in. */
export interface Organisation {
  id: string;
  name: string;
  slug?: string;
  did: string | null;
  jurisdiction?: string;
}

/** A credential in search results. */
export interface CredentialSummary {
  id: string;
  type: string;
  subjectId: string | null;
  issuedAt: string;
  expiresAt: string | null;
  listId: number | null;
  listIndex: number | null;
  revoked: boolean;
  suspended: boolean;
  batchId: string | null;
  batchRow: number | null;
}

/** One queued on-chain status change. */
export interface StatusChange {
  id: string;
  action: 'revoke' | 'suspend' | 'reinstate';
  reason: string | null;
  requestedAt: string;
  state: 'pending' | 'sent' | 'confirmed';
  txHash: string | null;
  blockNumber: number | null;
  attempts: number;
  lastError: string | null;
}

/** A credential's status with every change. */
export interface CredentialStatusView {
  id: string;
  listId: number | null;
  index: number | null;
  revoked: boolean;
  suspended: boolean;
  changes: StatusChange[];
}

/** An OID4VCI offer. */
export interface Offer {
  offerId?: string;
  offerUri: string;
  qrPngDataUrl: string;
  pin?: string;
  expiresAt: string;
}

/** Batch progress. */
export interface BatchProgress {
  id: string;
  credentialType: string;
  createdAt: string;
  finishedAt: string | null;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  remaining: number;
  state: 'running' | 'completed' | 'cancelled';
}

/** One audit entry. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
}

/** Per-type issuing routes of the issuer (`POST /credentials/types/:route`). */
export const TYPE_ROUTES: Record<string, string> = {
  MedicalLicenseCredential: 'medical-licenses',
  HospitalAccreditationCredential: 'hospital-accreditations',
  SupplierAccreditationCredential: 'supplier-accreditations',
  DrugBatchCredential: 'drug-batches',
  CustodyTransferCredential: 'custody-transfers',
  TreatmentCredential: 'treatments',
  ReviewCredential: 'reviews',
};

/**
 * The console's client of the issuer API.
 * @param base - the issuer API base (`/api/issuer`).
 * @param session - the session token.
 * @param onUnauthenticated - called when the token is refused (expired): the console signs out.
 */
export function issuerClient(base: string, session: ConsoleSession, onUnauthenticated: () => void) {
  async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
    try {
      return await fetchJson<T>((i, r) => fetch(i, r), `${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${session.token}`, ...init.headers },
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) onUnauthenticated();
      throw error;
    }
  }
  const post = <T>(path: string, body?: unknown) =>
    call<T>(path, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  const q = (params: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    organisation: () => call<Organisation>('/organisation'),
    issue: (type: string, credentialSubject: Record<string, unknown>, expirationDate?: string) =>
      post<{ id: string; jwt: string; status: { listId: number; index: number } }>(
        `/credentials/types/${TYPE_ROUTES[type] ?? encodeURIComponent(type)}`,
        { credentialSubject, ...(expirationDate ? { expirationDate } : {}) },
      ),
    createOffer: (id: string, pin: boolean) =>
      post<Offer>(`/credentials/${encodeURIComponent(id)}/offers`, { pin }),
    search: (params: { q?: string; type?: string; cursor?: string; limit?: string }) =>
      call<{ items: CredentialSummary[]; nextCursor?: string }>(`/credentials${q(params)}`),
    status: (id: string) => call<CredentialStatusView>(`/credentials/${encodeURIComponent(id)}/status`),
    changeStatus: (id: string, action: 'revoke' | 'suspend' | 'reinstate', reason: string) =>
      post<{ state: string }>(`/credentials/${encodeURIComponent(id)}/${action}`, { reason }),
    startBatch: (type: string, csv: string) =>
      call<{ batchId: string; total: number }>(`/batches${q({ type })}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv,
      }),
    batch: (id: string) => call<BatchProgress>(`/batches/${encodeURIComponent(id)}`),
    audit: (before?: number) =>
      call<{ entries: AuditEntry[]; nextBefore?: number }>(`/audit${q({ before: before?.toString() })}`),
    rotateKey: () => post<{ kid: string; retiredKid: string; txHash: string }>('/keys/rotate'),
  };
}

/** The console's issuer client. */
export type IssuerClient = ReturnType<typeof issuerClient>;
