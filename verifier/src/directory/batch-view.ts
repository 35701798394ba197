/**
 * A drug batch's public page: the batch credential with its live status (revoked or suspended on-chain = recalled),
 * and its provenance from every published transfer — `verifyProvenance` along each branch to its final holder, with
 * every published transfer of the batch as `knownTransfers`, so stock a party sent out twice shows as
 * `QUANTITY_EXCEEDED` on every branch through it.
 */
import { ErrorCodes, verifyProvenance, type ProvenanceLink, type ProvenanceReport } from '@medtrust/core';
import { custodyBranchesOf, custodyTreeOf, type CustodyTree } from './custody-tree.ts';
import type { DirectoryContext } from './directory-context.ts';
import { anchorOptionsOf, type DirectoryEntry } from './directory-entry.ts';
import { liveStatusOf, type LiveStatus } from './live-status.ts';
import { mapLimited } from './map-limited.ts';

/** Provenance along one branch. */
export interface BranchView {
  /** The branch's final holder. */
  holder: string;
  /** Its name, when the directory lists it. */
  holderName?: string;
  verified: boolean;
  failedCodes: string[];
  /** The provenance checks (see `PROVENANCE_CHECK_NAMES`). */
  checks: ProvenanceReport['checks'];
  links: ProvenanceLink[];
}

/**
 * How the page is flagged: `danger` (red) for a recall, an expired batch or failed provenance; `warning` when
 * something could not be checked (chain down); `ok` otherwise.
 */
export interface BatchAlert {
  level: 'ok' | 'warning' | 'danger';
  codes: string[];
}

/** One batch credential's page. */
export interface BatchView {
  batchId: string;
  credentialId?: string;
  /** The manufacturer (the batch credential's issuer). */
  manufacturer: string;
  manufacturerName?: string;
  product?: string;
  gtin?: string;
  lot?: string;
  expiryDate?: string;
  quantity?: number;
  unit?: string;
  manufacturingSite?: string;
  certificateOfAnalysisHash?: string;
  publishedAt: string;
  jwt: string;
  /** The batch credential's status now. */
  status: LiveStatus;
  /** Revoked or suspended by the manufacturer on-chain. */
  recalled: boolean;
  alert: BatchAlert;
  provenance: {
    /** Every branch verified. */
    verified: boolean;
    /** Published transfers of this batch credential. */
    transfers: number;
    branches: BranchView[];
    tree: CustodyTree;
  };
}

/** A batch in a list. */
export interface BatchSummary {
  batchId: string;
  manufacturer: string;
  product?: string;
  gtin?: string;
  lot?: string;
  expiryDate?: string;
  publishedAt: string;
}

function failed(checks: ReadonlyArray<{ status: string; code?: string }>): string[] {
  return checks
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => c.code ?? ErrorCodes.INTERNAL);
}

function nameOf(ctx: DirectoryContext, did: string): string | undefined {
  return ctx.store.entries.entriesAbout(did, 1)[0]?.name;
}

function sameHash(claimed: unknown, hash: string): boolean {
  return typeof claimed === 'string' && claimed.toLowerCase() === hash.toLowerCase();
}

/**
 * A batch summary for lists.
 * @param entry - a listed batch credential.
 * @returns the summary.
 */
export function batchSummaryOf(entry: DirectoryEntry): BatchSummary {
  const summary: BatchSummary = {
    batchId: entry.batchId ?? entry.subject,
    manufacturer: entry.issuer,
    publishedAt: entry.publishedAt,
  };
  if (entry.name !== undefined) summary.product = entry.name;
  if (entry.gtin !== undefined) summary.gtin = entry.gtin;
  if (entry.lot !== undefined) summary.lot = entry.lot;
  if (typeof entry.claims.expiryDate === 'string') summary.expiryDate = entry.claims.expiryDate;
  return summary;
}

/**
 * Builds the page of one batch credential.
 * @param ctx - the directory.
 * @param batch - the listed batch credential.
 * @param allTransfers - the listed transfers naming its batch id.
 * @returns the page.
 */
export async function buildBatchView(
  ctx: DirectoryContext,
  batch: DirectoryEntry,
  allTransfers: readonly DirectoryEntry[],
): Promise<BatchView> {
  const claims = batch.claims;
  const transfers = allTransfers.filter((t) => sameHash(t.claims.batchCredentialHash, batch.jwtHash));
  const known = transfers.map((t) => t.jwt);
  const quantity = typeof claims.quantity === 'number' ? claims.quantity : null;
  const { tree, edges } = custodyTreeOf(batch.issuer, quantity, transfers);
  const branches = custodyBranchesOf(transfers, ctx.limits.maxBatchBranches);
  const accreditationsOf = async (did: string) =>
    ctx.store.entries.jwtsAbout(did, 'SupplierAccreditationCredential');
  const targets =
    branches.length > 0 ? branches : [{ transfers: [] as DirectoryEntry[], holder: batch.issuer }];

  const [report, reports] = await Promise.all([
    ctx.engine.verifyCredential(batch.jwt, anchorOptionsOf(batch)),
    mapLimited(targets, ctx.limits.concurrency, (branch) =>
      verifyProvenance(
        ctx.engine,
        {
          batch: batch.jwt,
          transfers: branch.transfers.map((t) => t.jwt),
          presenter: branch.holder,
          knownTransfers: known,
        },
        { trustRegistry: ctx.trustRegistry, clock: ctx.clock, accreditationsOf },
      ),
    ),
  ]);
  const status = liveStatusOf(report.credentials[0], ctx.clock());
  const branchViews = reports.map((r, i): BranchView => {
    const holder = targets[i]!.holder;
    const view: BranchView = {
      holder,
      verified: r.verified,
      failedCodes: [...new Set([...failed(r.checks), ...r.links.flatMap((l) => failed(l.checks))])],
      checks: r.checks,
      links: r.links,
    };
    const name = nameOf(ctx, holder);
    if (name !== undefined) view.holderName = name;
    return view;
  });
  for (const r of reports) {
    for (const link of r.links) {
      const edge = link.transferId === undefined ? undefined : edges.get(link.transferId);
      if (edge === undefined) continue;
      edge.verified = (edge.verified ?? true) && link.verified;
      edge.failedCodes = [...new Set([...edge.failedCodes, ...failed(link.checks)])];
    }
  }

  const recalled = status.revoked || status.suspended;
  const codes = new Set(branchViews.flatMap((b) => b.failedCodes));
  if (recalled) codes.add(ErrorCodes.BATCH_RECALLED);
  for (const code of status.failedCodes) codes.add(code);
  const allChecks = reports.flatMap((r) => [...r.checks, ...r.links.flatMap((l) => l.checks)]);
  // Red for anything shown wrong (a recall, an expired or invalid credential, broken provenance); amber when
  // something could only not be checked (chain down); green otherwise.
  const wrong =
    recalled ||
    !['verified', 'unavailable'].includes(status.state) ||
    allChecks.some((c) => c.status === 'failed');
  const unchecked = status.state === 'unavailable' || allChecks.some((c) => c.status === 'error');
  const alert: BatchAlert = {
    level: wrong ? 'danger' : unchecked ? 'warning' : 'ok',
    codes: [...codes],
  };

  const view: BatchView = {
    batchId: batch.batchId ?? batch.subject,
    manufacturer: batch.issuer,
    publishedAt: batch.publishedAt,
    jwt: batch.jwt,
    status,
    recalled,
    alert,
    provenance: {
      verified: reports.every((r) => r.verified),
      transfers: transfers.length,
      branches: branchViews,
      tree,
    },
  };
  if (batch.credentialId !== undefined) view.credentialId = batch.credentialId;
  const manufacturerName = nameOf(ctx, batch.issuer);
  if (manufacturerName !== undefined) view.manufacturerName = manufacturerName;
  for (const key of [
    'product',
    'gtin',
    'lot',
    'expiryDate',
    'unit',
    'manufacturingSite',
    'certificateOfAnalysisHash',
  ] as const) {
    if (typeof claims[key] === 'string') view[key] = claims[key] as string;
  }
  if (quantity !== null) view.quantity = quantity;
  return view;
}

/**
 * The pages of every batch credential claiming a batch id (normally one; several means a conflict to look at).
 * @param ctx - the directory.
 * @param batchId - `urn:gtin:<gtin>:lot:<lot>`.
 * @returns the pages (empty when the batch is unknown).
 */
export async function buildBatchViews(ctx: DirectoryContext, batchId: string): Promise<BatchView[]> {
  const { entries } = ctx.store;
  const batches = entries.entriesOfBatch(batchId, 'DrugBatchCredential', ctx.limits.maxBatchCandidates);
  if (batches.length === 0) return [];
  const transfers = entries.entriesOfBatch(
    batchId,
    'CustodyTransferCredential',
    ctx.limits.maxBatchTransfers,
  );
  const views: BatchView[] = [];
  for (const batch of batches) views.push(await buildBatchView(ctx, batch, transfers));
  return views;
}
