/**
 * The `anchoring` check: a credential of a type that must be anchored is a leaf of a Merkle root its issuer's
 * controller committed to the on-chain `AnchorRegistry`, and the block of that anchor becomes the credential's time
 * of reference (the issuer's keys and accreditation are judged as of that block, not as of the date the credential
 * claims). So a retired or revoked key, or an issuer whose accreditation was withdrawn, cannot mint "historical"
 * credentials: nothing it signs can be anchored any more, and a late anchor of a backdated credential exceeds the lag.
 * @see ../../../docs/threat-model.md
 */
import { parseAnchorProof, type AnchorProof } from '../anchoring/anchor-proof.ts';
import { verifyAnchorInclusion } from '../anchoring/anchor-tree.ts';
import { ErrorCodes } from '../errors/codes.ts';
import { credentialJwtHash } from '../provenance/credential-jwt-hash.ts';
import type { AnchorProofSource, AnchorSource } from './anchor-source.ts';
import type { CheckList } from './check-list.ts';
import { isoDate } from './credential-time.ts';
import { ethrIdentityAddress } from './did-syntax.ts';
import type { LruCache } from './lru-cache.ts';
import type { ParsedCredential } from './parsed-credential.ts';

/** The time of reference an anchor gives a credential. */
export interface AnchorReference {
  /** The block carrying the anchor. */
  blockNumber: bigint;
  /** That block's timestamp, epoch ms. */
  timeMs: number;
  /** The anchor transaction. */
  transactionHash: `0x${string}`;
  /** The proof that was checked (normalised), to keep beside the credential. */
  proof: AnchorProof;
}

/** What {@link checkAnchoring} reads. */
export interface AnchoringInputs {
  /** The on-chain registry; `undefined` fails the check closed (`ANCHOR_UNAVAILABLE`). */
  source: AnchorSource | undefined;
  /** Where a credential presented without its proof is looked up (its issuer's endpoint); optional. */
  proofSource: AnchorProofSource | undefined;
  /** Proofs given with the call (a presentation's `anchorProofs`, `options.anchorProofs`), by credential hash. */
  given: ReadonlyMap<string, unknown>;
  /** Longest accepted delay between `nbf` and the anchor block, ms. */
  maxLagMs: number;
  /** Tolerated clock difference between the issuer and the chain, ms. */
  skewMs: number;
  /** Verified inclusion paths (`root|hash|path`), so a hot credential is hashed up its tree once. */
  inclusionCache: LruCache<string, true>;
  /**
   * Asked before a proof is fetched from `proofSource`: whether the credential's signature verifies as of its own
   * issuance date. A forged credential is never worth a request to an issuer (a flood of them would become a flood
   * of fetches).
   */
  worthFetching?: () => Promise<boolean>;
}

/**
 * Records `anchoring` for a credential whose type requires an anchor.
 * @param list - the report's checks.
 * @param credential - the parsed credential.
 * @param inputs - registry, proof sources, lag and caches.
 * @returns the anchor's time of reference when the check passed, else `undefined`.
 */
export async function checkAnchoring(
  list: CheckList,
  credential: ParsedCredential,
  inputs: AnchoringInputs,
): Promise<AnchorReference | undefined> {
  const fail = (code: Parameters<CheckList['fail']>[1], detail: string) => {
    list.fail('anchoring', code, detail);
    return undefined;
  };
  if (inputs.source === undefined) {
    list.error('anchoring', ErrorCodes.ANCHOR_UNAVAILABLE, 'no anchor registry is configured');
    return undefined;
  }
  const issuer = ethrIdentityAddress(credential.issuer);
  if (issuer === undefined) {
    return fail(
      ErrorCodes.ANCHOR_MISSING,
      'the issuer is not a did:ethr identity, so it cannot have anchored the credential',
    );
  }
  const hash = credentialJwtHash(credential.jws.jwt);
  let raw = inputs.given.get(hash);
  if (raw === undefined && inputs.proofSource !== undefined) {
    if (inputs.worthFetching !== undefined && !(await inputs.worthFetching())) {
      list.notEvaluated(
        'anchoring',
        'not evaluated: the signature does not verify as of its issuance date, so no anchor proof was fetched',
      );
      return undefined;
    }
    let lookup;
    try {
      lookup = await inputs.proofSource.proofFor(hash, credential.issuer);
    } catch (error) {
      return unavailable(list, 'the anchor proof could not be fetched', error);
    }
    if (lookup.state === 'pending') {
      return fail(
        ErrorCodes.ANCHOR_PENDING,
        'the issuer has not anchored this credential yet: check again in a few seconds',
      );
    }
    if (lookup.state === 'anchored') raw = lookup.proof;
  }
  if (raw === undefined) {
    return fail(ErrorCodes.ANCHOR_MISSING, `no anchor proof for credential ${hash}`);
  }
  const parsed = parseAnchorProof(raw);
  if (!parsed.ok) return fail(ErrorCodes.ANCHOR_INVALID, `malformed anchor proof: ${parsed.detail}`);
  const proof = parsed.proof;
  if (proof.credentialHash !== hash) {
    return fail(ErrorCodes.ANCHOR_INVALID, 'the anchor proof is for another credential');
  }
  if (proof.issuer !== issuer) {
    return fail(ErrorCodes.ANCHOR_INVALID, `the anchor proof names issuer ${proof.issuer}, not ${issuer}`);
  }
  if (proof.chainId !== inputs.source.chainId) {
    return fail(
      ErrorCodes.ANCHOR_INVALID,
      `the anchor proof is for chain ${proof.chainId}, not ${inputs.source.chainId}`,
    );
  }
  if (proof.anchorRegistry !== inputs.source.registry.toLowerCase()) {
    return fail(ErrorCodes.ANCHOR_INVALID, 'the anchor proof names another anchor registry');
  }
  const pathKey = `${proof.root}|${hash}|${proof.proof.join(',')}`;
  if (inputs.inclusionCache.get(pathKey) === undefined) {
    if (!verifyAnchorInclusion(proof.root, hash, proof.proof)) {
      return fail(ErrorCodes.ANCHOR_INVALID, 'the inclusion path does not lead to the anchored root');
    }
    inputs.inclusionCache.set(pathKey, true);
  }
  const blockNumber = BigInt(proof.blockNumber);
  let found;
  try {
    found = await inputs.source.anchorAt(issuer, proof.root, blockNumber);
  } catch (error) {
    return unavailable(list, 'the anchor registry could not be read', error);
  }
  if (found.state === 'beyond-head') {
    return fail(
      ErrorCodes.ANCHOR_PENDING,
      `the anchor's block ${blockNumber} is not on the chain this verifier has seen yet: check again shortly`,
    );
  }
  if (found.state === 'absent') {
    return fail(
      ErrorCodes.ANCHOR_INVALID,
      `block ${blockNumber} carries no anchor of this root by ${issuer}`,
    );
  }
  const anchor = found.anchor;
  if (anchor.transactionHash.toLowerCase() !== proof.transactionHash) {
    return fail(ErrorCodes.ANCHOR_INVALID, 'the anchor proof names another transaction');
  }
  const timeMs = anchor.timestamp * 1000;
  if (timeMs + inputs.skewMs < credential.issuedAt) {
    return fail(
      ErrorCodes.ANCHOR_INVALID,
      `anchored at ${isoDate(timeMs)}, before the credential's own issuance date ${isoDate(credential.issuedAt)}`,
    );
  }
  if (timeMs - credential.issuedAt > inputs.maxLagMs) {
    return fail(
      ErrorCodes.ANCHOR_LAG_EXCEEDED,
      `issued ${isoDate(credential.issuedAt)} but anchored only at ${isoDate(timeMs)}, more than ${Math.round(inputs.maxLagMs / 1000)} s later`,
    );
  }
  list.pass('anchoring', `anchored in block ${blockNumber} at ${isoDate(timeMs)}`, blockNumber.toString());
  return { blockNumber, timeMs, transactionHash: anchor.transactionHash, proof };
}

/**
 * Indexes proofs given with a call by the credential hash they name (entries without one are left out: no credential
 * can match them).
 * @param lists - proof lists (a presentation's `anchorProofs`, `options.anchorProofs`); later lists win.
 * @returns the proofs by lowercase credential hash.
 */
export function indexAnchorProofs(
  ...lists: ReadonlyArray<readonly unknown[] | undefined>
): Map<string, unknown> {
  const byHash = new Map<string, unknown>();
  for (const list of lists) {
    for (const entry of list ?? []) {
      const hash = (entry as { credentialHash?: unknown } | null)?.credentialHash;
      if (typeof hash === 'string') byHash.set(hash.toLowerCase(), entry);
    }
  }
  return byHash;
}

/** Records `anchoring` as `error` (`ANCHOR_UNAVAILABLE`): a source could not answer, so the check fails closed. */
function unavailable(list: CheckList, what: string, error: unknown): undefined {
  const message = error instanceof Error ? error.message : String(error);
  list.error('anchoring', ErrorCodes.ANCHOR_UNAVAILABLE, `${what}: ${message.slice(0, 200)}`);
  return undefined;
}
