/**
 * The custody tree of a batch, from every published transfer: the manufacturer at the root, each transfer an edge to
 * its receiver, transfers continuing it (`previousTransfer`) as its children. Also the branches — the path from the
 * root to each transfer nobody continued — that provenance is verified along.
 */
import type { DirectoryEntry } from './directory-entry.ts';

/** One hand-off in the tree. */
export interface CustodyEdge {
  /** The transfer's URN (`credentialSubject.id`). */
  transferId: string;
  credentialId?: string;
  from: string;
  to: string;
  quantity: number | null;
  transferDate: string | null;
  /** True when every verified branch through it verified this link; `null` before verification. */
  verified: boolean | null;
  /** Codes of the link's failed checks in any branch. */
  failedCodes: string[];
  children: CustodyEdge[];
}

/** The tree. */
export interface CustodyTree {
  /** The manufacturer (the batch credential's issuer). */
  root: string;
  /** The batch quantity. */
  quantity: number | null;
  children: CustodyEdge[];
  /** Transfers whose `previousTransfer` names no published transfer of this batch. */
  unlinked: CustodyEdge[];
}

/** One path from the manufacturer to a transfer nobody continued. */
export interface CustodyBranch {
  /** The transfers from the first hand-off to the last. */
  transfers: DirectoryEntry[];
  /** The last receiver (the branch's final holder). */
  holder: string;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function edgeOf(entry: DirectoryEntry): CustodyEdge {
  const c = entry.claims;
  const edge: CustodyEdge = {
    transferId: entry.subject,
    from: text(c.sender) ?? entry.issuer,
    to: text(c.receiver) ?? '',
    quantity: typeof c.quantity === 'number' ? c.quantity : null,
    transferDate: text(c.transferDate),
    verified: null,
    failedCodes: [],
    children: [],
  };
  if (entry.credentialId !== undefined) edge.credentialId = entry.credentialId;
  return edge;
}

/**
 * Builds the tree of a batch's transfers.
 * @param manufacturer - the batch credential's issuer.
 * @param quantity - the batch quantity.
 * @param transfers - the batch's listed transfers.
 * @returns the tree and, per edge, its transfer.
 */
export function custodyTreeOf(
  manufacturer: string,
  quantity: number | null,
  transfers: readonly DirectoryEntry[],
): { tree: CustodyTree; edges: Map<string, CustodyEdge> } {
  const edges = new Map<string, CustodyEdge>();
  for (const t of transfers) if (!edges.has(t.subject)) edges.set(t.subject, edgeOf(t));
  const tree: CustodyTree = { root: manufacturer, quantity, children: [], unlinked: [] };
  for (const t of transfers) {
    const edge = edges.get(t.subject)!;
    if (tree.children.includes(edge) || tree.unlinked.includes(edge)) continue;
    const previous = t.claims.previousTransfer;
    if (previous === null) tree.children.push(edge);
    else if (typeof previous === 'string' && edges.has(previous) && previous !== t.subject) {
      const parent = edges.get(previous)!;
      if (!parent.children.includes(edge)) parent.children.push(edge);
    } else tree.unlinked.push(edge);
  }
  return { tree, edges };
}

/**
 * The branches to verify: for every transfer no other transfer continues, the path back through
 * `previousTransfer` (stopping at a gap or a cycle: the verification reports those).
 * @param transfers - the batch's listed transfers.
 * @param max - the most branches returned.
 * @returns the branches.
 */
export function custodyBranchesOf(transfers: readonly DirectoryEntry[], max: number): CustodyBranch[] {
  const byId = new Map<string, DirectoryEntry>();
  for (const t of transfers) if (!byId.has(t.subject)) byId.set(t.subject, t);
  const continued = new Set(
    transfers.map((t) => t.claims.previousTransfer).filter((p): p is string => typeof p === 'string'),
  );
  const branches: CustodyBranch[] = [];
  for (const end of byId.values()) {
    if (continued.has(end.subject)) continue;
    if (branches.length >= max) break;
    const path = [end];
    const seen = new Set([end.subject]);
    for (let current = end; ;) {
      const previous = current.claims.previousTransfer;
      if (typeof previous !== 'string' || seen.has(previous)) break;
      const found = byId.get(previous);
      if (found === undefined) break;
      seen.add(previous);
      path.unshift(found);
      current = found;
    }
    branches.push({ transfers: path, holder: text(end.claims.receiver) ?? '' });
  }
  return branches;
}
