/**
 * Which stored verifications a batch of registry events makes stale: an ERC-1056 change of an identity (its keys,
 * delegates or attributes) — credentials it issued and credentials about it; a status change of a list —
 * credentials on that list; a trust-registry change of an identity's accreditation — credentials it issued and
 * credentials whose issuer it accredited. A reset batch (the chain went backwards, or too many blocks passed to read
 * their events) makes every one stale.
 */
import type { StaleMarks } from './directory-index.ts';

/** The registry events of new blocks, as core's `PollingChainHead.subscribe` delivers them (`ChainLogBatch`). */
export interface RegistryLogBatch {
  /** Caches must be dropped entirely: the chain went backwards, or too many blocks passed. */
  reset: boolean;
  logs: ReadonlyArray<{ address: string; topics: readonly string[] }>;
}

/** The registries whose events matter. */
export interface WatchedRegistries {
  didRegistry: string;
  statusRegistry: string;
  trustRegistry: string;
}

function addressOfTopic(topic: string | undefined): string | undefined {
  return topic === undefined || topic.length !== 66 ? undefined : `0x${topic.slice(26).toLowerCase()}`;
}

/**
 * @param batch - the events of new blocks, as the chain head delivers them.
 * @param registries - the registry addresses.
 * @returns what they make stale (`undefined` when nothing).
 */
export function staleMarksOf(batch: RegistryLogBatch, registries: WatchedRegistries): StaleMarks | undefined {
  if (batch.reset) return { all: true };
  const did = registries.didRegistry.toLowerCase();
  const status = registries.statusRegistry.toLowerCase();
  const trust = registries.trustRegistry.toLowerCase();
  const identities = new Set<string>();
  const lists = new Set<string>();
  const accredited = new Set<string>();
  for (const log of batch.logs) {
    const address = log.address.toLowerCase();
    const topics: readonly (string | undefined)[] = log.topics;
    const subject = addressOfTopic(topics[1]);
    if (address === did) {
      if (subject !== undefined) identities.add(subject);
    } else if (address === status) {
      const listTopic = topics[2];
      if (subject === undefined || listTopic === undefined) return { all: true };
      lists.add(`${subject}:${BigInt(listTopic)}`);
    } else if (address === trust) {
      if (subject === undefined) return { all: true };
      accredited.add(subject);
    }
  }
  if (identities.size + lists.size + accredited.size === 0) return undefined;
  return {
    issuers: [...identities, ...accredited],
    subjects: [...identities],
    lists: [...lists],
    accreditors: [...accredited],
  };
}

/**
 * Whether marks touch a verification record.
 * @param marks - the marks.
 * @param record - what makes the record stale.
 * @returns true when one of them matches.
 */
export function marksTouch(
  marks: StaleMarks,
  record: {
    issuerAddress?: string;
    subjectAddress?: string;
    statusList?: string;
    accreditors: readonly string[];
  },
): boolean {
  if (marks.all) return true;
  const has = (values: readonly string[] | undefined, value: string | undefined) =>
    value !== undefined && (values ?? []).includes(value);
  return (
    has(marks.issuers, record.issuerAddress) ||
    has(marks.subjects, record.subjectAddress) ||
    has(marks.lists, record.statusList) ||
    record.accreditors.some((a) => has(marks.accreditors, a))
  );
}
