/**
 * The accreditation chain behind a credential, as the on-chain `TrustRegistry` records it: the issuer's accreditation
 * for the credential's type and jurisdiction, who granted it — governance, or an accreditor holding a delegable root
 * accreditation (one delegated level) — and that accreditor's own records. Read from the registry's `Accredited` /
 * `AccreditationWithdrawn` events (cached per issuer, type and jurisdiction and extended as the chain grows) and its
 * `isAccredited` view.
 * @see ../../../docs/contracts-design.md (TrustRegistry)
 */
import {
  RegistryEvents,
  ethrDid,
  type AccreditationEventRecord,
  type AccreditationSource,
  type ChainConfig,
  type ChainHead,
  type EvidenceChainAccess,
} from '@medtrust/core';
import { ethrAddressOf } from './did-key.ts';

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** One accreditation record of the registry. */
export interface AccreditationRecordView {
  /** Who granted it: `governance`, or the accreditor's DID. */
  grantedBy: 'governance' | string;
  /** The accreditor's address (0x0 for governance). */
  accreditor: string;
  validFrom: string;
  /** The end of its window, as granted. */
  validUntil: string;
  /** Whether its holder may accredit others (root records only). */
  delegable: boolean;
  /** When it was withdrawn (its window then ends there), if it was. */
  withdrawnAt?: string;
  /** Whether its window covers now. */
  active: boolean;
  /** The block and transaction that recorded it. */
  blockNumber: string;
  txHash: string;
}

/** One party's accreditation for a type and jurisdiction. */
export interface AccreditationLink {
  did: string;
  address: string;
  credentialType: string;
  jurisdiction: string;
  /** `isAccredited(address, type, jurisdiction, now)` (delegated records count only while their accreditor's do). */
  accreditedNow: boolean;
  /** Every record, oldest first. */
  records: AccreditationRecordView[];
}

/**
 * The chain of a credential's issuer:
 * - `accredited` / `not-accredited` — what the registry says now;
 * - `not-applicable` — the type carries no jurisdiction-based accreditation, or the issuer is not a `did:ethr`;
 * - `unavailable` — the registry could not be read.
 */
export interface AccreditationChain {
  state: 'accredited' | 'not-accredited' | 'not-applicable' | 'unavailable';
  /** The issuer's link, when read. */
  issuer?: AccreditationLink;
  /** The accreditors that granted the issuer's records, with their own (root) records. */
  accreditors: AccreditationLink[];
  /** The block the records were read up to. */
  blockNumber?: string;
}

/** Reads accreditation chains. */
export interface AccreditationChainReader {
  /**
   * @param issuer - the issuer's DID.
   * @param credentialType - e.g. `MedicalLicenseCredential`.
   * @param jurisdiction - the credential's jurisdiction.
   * @returns the chain; `unavailable` (never a throw) when the chain cannot be read.
   */
  chainOf(
    issuer: string,
    credentialType: string,
    jurisdiction: string | undefined,
  ): Promise<AccreditationChain>;
}

/** What {@link RegistryAccreditationChainReader} reads. */
export interface RegistryAccreditationChainOptions {
  /** Client, registries and the first block to scan (the registries' deployment block). */
  access: EvidenceChainAccess;
  /** The chain (for the accreditors' DIDs). */
  chain: Pick<ChainConfig, 'chainId' | 'didNetworkName'>;
  /** The registry's `isAccredited` (the verifier's cached source). */
  trustRegistry: AccreditationSource;
  /** The polled chain head. */
  head: ChainHead;
  clock: () => Date;
  /** How many (address, type, jurisdiction) histories are cached; 2,000 by default. */
  maxCached?: number;
}

interface CachedHistory {
  toBlock: bigint;
  events: AccreditationEventRecord[];
}

/** {@link AccreditationChainReader} over the `TrustRegistry` events. */
export class RegistryAccreditationChainReader implements AccreditationChainReader {
  readonly #options: RegistryAccreditationChainOptions;
  readonly #cache = new Map<string, CachedHistory>();
  readonly #pending = new Map<string, Promise<CachedHistory>>();

  /** @param options - chain access, the registry source, head and clock. */
  constructor(options: RegistryAccreditationChainOptions) {
    this.#options = options;
  }

  async chainOf(
    issuer: string,
    credentialType: string,
    jurisdiction: string | undefined,
  ): Promise<AccreditationChain> {
    const address = ethrAddressOf(issuer);
    if (address === undefined || jurisdiction === undefined)
      return { state: 'not-applicable', accreditors: [] };
    try {
      const head = await this.#options.head.latestBlock();
      const link = await this.#link(issuer, address, credentialType, jurisdiction, head);
      const accreditorAddresses = [
        ...new Set(link.records.map((r) => r.accreditor.toLowerCase()).filter((a) => a !== ZERO_ADDRESS)),
      ];
      const accreditors = await Promise.all(
        accreditorAddresses.map((a) =>
          this.#link(this.#didOf(a), a as `0x${string}`, credentialType, jurisdiction, head),
        ),
      );
      return {
        state: link.accreditedNow ? 'accredited' : 'not-accredited',
        issuer: link,
        accreditors,
        blockNumber: head.toString(),
      };
    } catch {
      return { state: 'unavailable', accreditors: [] };
    }
  }

  #didOf(address: string): string {
    return ethrDid(this.#options.chain, address);
  }

  async #link(
    did: string,
    address: `0x${string}`,
    credentialType: string,
    jurisdiction: string,
    head: bigint,
  ): Promise<AccreditationLink> {
    const now = this.#options.clock();
    const [history, accreditedNow] = await Promise.all([
      this.#history(address, credentialType, jurisdiction, head),
      this.#options.trustRegistry.isAccredited(address, credentialType, jurisdiction, now),
    ]);
    return {
      did,
      address,
      credentialType,
      jurisdiction,
      accreditedNow,
      records: this.#records(history.events, now),
    };
  }

  #records(events: readonly AccreditationEventRecord[], now: Date): AccreditationRecordView[] {
    const records: AccreditationRecordView[] = [];
    for (const event of events) {
      if (event.event === 'Accredited') {
        const governance = event.accreditor.toLowerCase() === ZERO_ADDRESS;
        records.push({
          grantedBy: governance ? 'governance' : this.#didOf(event.accreditor),
          accreditor: event.accreditor,
          validFrom: event.validFrom ?? '',
          validUntil: event.validUntil ?? '',
          delegable: event.delegable === true,
          active: false,
          blockNumber: event.blockNumber,
          txHash: event.txHash,
        });
        continue;
      }
      // A withdrawal (one event per record) ends the records of that accreditor still open at its time.
      const at = event.withdrawnAt ?? event.timestamp;
      for (const record of records) {
        if (record.withdrawnAt !== undefined) continue;
        if (!sameAddress(record.accreditor, event.accreditor)) continue;
        if (Date.parse(record.validUntil) > Date.parse(at)) record.withdrawnAt = at;
      }
    }
    const t = now.getTime();
    for (const record of records) {
      const end = Math.min(
        Date.parse(record.validUntil),
        Date.parse(record.withdrawnAt ?? record.validUntil),
      );
      record.active = Date.parse(record.validFrom) <= t && t < end;
    }
    return records;
  }

  async #history(
    address: `0x${string}`,
    credentialType: string,
    jurisdiction: string,
    head: bigint,
  ): Promise<CachedHistory> {
    const key = `${address.toLowerCase()}|${credentialType}|${jurisdiction}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined && cached.toBlock >= head) return cached;
    const inflight = this.#pending.get(key);
    if (inflight !== undefined) return inflight;
    const load = (async () => {
      const fromBlock = cached === undefined ? (this.#options.access.fromBlock ?? 0n) : cached.toBlock + 1n;
      const events = new RegistryEvents({ ...this.#options.access, fromBlock });
      const fresh = await events.accreditationEvents(address, credentialType, jurisdiction, head);
      const history = { toBlock: head, events: [...(cached?.events ?? []), ...fresh] };
      this.#cache.delete(key);
      this.#cache.set(key, history);
      const max = this.#options.maxCached ?? 2000;
      while (this.#cache.size > max) this.#cache.delete(this.#cache.keys().next().value as string);
      return history;
    })();
    this.#pending.set(key, load);
    try {
      return await load;
    } finally {
      this.#pending.delete(key);
    }
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
