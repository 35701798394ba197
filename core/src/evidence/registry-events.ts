/**
 * Reads the on-chain facts of an evidence bundle: status and accreditation answers at a fixed block, and the events
 * (`StatusChanged`, `Accredited`, `AccreditationWithdrawn`) with the transaction and block that established them.
 * @see ../../../docs/contracts-design.md
 */
import type { Address, PublicClient } from 'viem';
import { statusRegistryArtifact, trustRegistryArtifact } from '@medtrust/registry-contract';
import { toChainError } from '../chain/chain-error.ts';
import { StatusRegistryReader } from '../chain/status-registry-reader.ts';
import { registryKey } from '../chain/trust-registry-reader.ts';
import type {
  AccreditationEventRecord,
  EvidenceChain,
  StatusEventRecord,
  StatusReading,
} from './evidence-bundle.ts';

/** How evidence reads the chain. */
export interface EvidenceChainAccess {
  /** A viem public client of the chain (e.g. `createChainPublicClient(config)`). */
  client: PublicClient;
  /** The chain id and registries (e.g. the `ChainConfig` the services use). */
  chain: EvidenceChain;
  /** First block to scan for events (e.g. the registries' deployment block); 0 by default. */
  fromBlock?: bigint;
  /** Largest block range of one `eth_getLogs` request; 10,000 by default (public nodes cap it). */
  maxBlockRange?: bigint;
}

/** A credential's status list slot. */
export interface StatusSlot {
  statusIssuer: Address;
  listId: bigint;
  index: bigint;
}

/**
 * Reads registry facts and events for evidence bundles. Every method throws a `MedtrustError` with
 * `CHAIN_UNAVAILABLE` (or `CONTRACT_REVERTED`) when the chain cannot answer.
 */
export class RegistryEvents {
  readonly #access: EvidenceChainAccess;
  readonly #status: StatusRegistryReader;
  readonly #times = new Map<bigint, number>();

  /**
   * @param access - client, registries, scan start and range.
   */
  constructor(access: EvidenceChainAccess) {
    this.#access = access;
    this.#status = new StatusRegistryReader(access.client, access.chain.statusRegistry);
  }

  /**
   * @returns the latest block and its time.
   * @throws MedtrustError `CHAIN_UNAVAILABLE`.
   */
  async head(): Promise<{ blockNumber: bigint; time: Date }> {
    try {
      const block = await this.#access.client.getBlock({ blockTag: 'latest' });
      this.#times.set(block.number, Number(block.timestamp));
      return { blockNumber: block.number, time: new Date(Number(block.timestamp) * 1000) };
    } catch (error) {
      throw toChainError(error, 'reading the chain head');
    }
  }

  /**
   * @param blockNumber - a mined block.
   * @returns its timestamp, Unix seconds.
   * @throws MedtrustError `CHAIN_UNAVAILABLE`.
   */
  async timestampOf(blockNumber: bigint): Promise<number> {
    const cached = this.#times.get(blockNumber);
    if (cached !== undefined) return cached;
    try {
      const block = await this.#access.client.getBlock({ blockNumber });
      this.#times.set(blockNumber, Number(block.timestamp));
      return Number(block.timestamp);
    } catch (error) {
      throw toChainError(error, `reading block ${blockNumber}`);
    }
  }

  /**
   * @param slot - the credential's status slot.
   * @param blockNumber - the block to read at.
   * @returns revocation and suspension at that block.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` / `CONTRACT_REVERTED` (no such list or index).
   */
  async statusAt(slot: StatusSlot, blockNumber: bigint): Promise<StatusReading> {
    const reading = await this.#status.statusOf(
      { issuer: slot.statusIssuer, listId: slot.listId, index: slot.index },
      { blockNumber },
    );
    return { revoked: reading.revoked, suspended: reading.suspended };
  }

  /**
   * Every `StatusChanged` event that touched the slot, oldest first.
   * @param slot - the credential's status slot.
   * @param toBlock - last block scanned.
   * @returns the changes with their transactions.
   * @throws MedtrustError `CHAIN_UNAVAILABLE`.
   */
  async statusEvents(slot: StatusSlot, toBlock: bigint): Promise<StatusEventRecord[]> {
    const out: StatusEventRecord[] = [];
    for (const [fromBlock, chunkEnd] of this.#ranges(toBlock)) {
      let logs;
      try {
        logs = await this.#access.client.getContractEvents({
          address: this.#access.chain.statusRegistry,
          abi: statusRegistryArtifact.abi,
          eventName: 'StatusChanged',
          args: { issuer: slot.statusIssuer, listId: slot.listId },
          fromBlock,
          toBlock: chunkEnd,
          strict: true,
        });
      } catch (error) {
        throw toChainError(error, 'reading StatusChanged events');
      }
      for (const log of logs) {
        const { purpose, status, fromIndex, toIndex, mask } = log.args;
        if (slot.index < fromIndex || slot.index > toIndex) continue;
        if (((mask >> (slot.index - fromIndex)) & 1n) !== 1n) continue;
        out.push({
          purpose: purpose === 0 ? 'revocation' : 'suspension',
          status,
          txHash: log.transactionHash,
          blockNumber: log.blockNumber.toString(),
          logIndex: log.logIndex,
          timestamp: new Date((await this.timestampOf(log.blockNumber)) * 1000).toISOString(),
        });
      }
    }
    return out;
  }

  /**
   * Every `Accredited` / `AccreditationWithdrawn` event of (subject, type, jurisdiction), oldest first.
   * @param subject - the accredited identity address.
   * @param credentialType - the type name (hashed to its key).
   * @param jurisdiction - the ISO code (hashed to its key).
   * @param toBlock - last block scanned.
   * @returns the events with their transactions.
   * @throws MedtrustError `CHAIN_UNAVAILABLE`.
   */
  async accreditationEvents(
    subject: Address,
    credentialType: string,
    jurisdiction: string,
    toBlock: bigint,
  ): Promise<AccreditationEventRecord[]> {
    const args = {
      subject,
      credentialType: registryKey(credentialType),
      jurisdiction: registryKey(jurisdiction),
    };
    const out: AccreditationEventRecord[] = [];
    for (const [fromBlock, chunkEnd] of this.#ranges(toBlock)) {
      try {
        const [granted, withdrawn] = await Promise.all([
          this.#access.client.getContractEvents({
            address: this.#access.chain.trustRegistry,
            abi: trustRegistryArtifact.abi,
            eventName: 'Accredited',
            args,
            fromBlock,
            toBlock: chunkEnd,
            strict: true,
          }),
          this.#access.client.getContractEvents({
            address: this.#access.chain.trustRegistry,
            abi: trustRegistryArtifact.abi,
            eventName: 'AccreditationWithdrawn',
            args,
            fromBlock,
            toBlock: chunkEnd,
            strict: true,
          }),
        ]);
        for (const log of granted) {
          out.push({
            event: 'Accredited',
            txHash: log.transactionHash,
            blockNumber: log.blockNumber.toString(),
            logIndex: log.logIndex,
            timestamp: new Date((await this.timestampOf(log.blockNumber)) * 1000).toISOString(),
            accreditor: log.args.accreditor,
            validFrom: new Date(Number(log.args.validFrom) * 1000).toISOString(),
            validUntil: new Date(Number(log.args.validUntil) * 1000).toISOString(),
            delegable: log.args.delegable,
          });
        }
        for (const log of withdrawn) {
          out.push({
            event: 'AccreditationWithdrawn',
            txHash: log.transactionHash,
            blockNumber: log.blockNumber.toString(),
            logIndex: log.logIndex,
            timestamp: new Date((await this.timestampOf(log.blockNumber)) * 1000).toISOString(),
            accreditor: log.args.accreditor,
            withdrawnAt: new Date(Number(log.args.withdrawnAt) * 1000).toISOString(),
          });
        }
      } catch (error) {
        throw toChainError(error, 'reading accreditation events');
      }
    }
    return out.sort(
      (a, b) => Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) || a.logIndex - b.logIndex,
    );
  }

  /**
   * `TrustRegistry.isAccredited` at a block.
   * @param subject - identity address.
   * @param credentialType - type name.
   * @param jurisdiction - ISO code.
   * @param at - the moment asked about.
   * @param blockNumber - the block to read at.
   * @returns the registry's answer.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` / `CONTRACT_REVERTED`.
   */
  async isAccredited(
    subject: Address,
    credentialType: string,
    jurisdiction: string,
    at: Date,
    blockNumber: bigint,
  ): Promise<boolean> {
    try {
      return await this.#access.client.readContract({
        address: this.#access.chain.trustRegistry,
        abi: trustRegistryArtifact.abi,
        functionName: 'isAccredited',
        args: [
          subject,
          registryKey(credentialType),
          registryKey(jurisdiction),
          Math.max(0, Math.min(Math.floor(at.getTime() / 1000), 2 ** 40 - 1)),
        ],
        blockNumber,
      });
    } catch (error) {
      throw toChainError(error, 'reading accreditation');
    }
  }

  *#ranges(toBlock: bigint): Generator<[bigint, bigint]> {
    const step = this.#access.maxBlockRange ?? 10_000n;
    for (let from = this.#access.fromBlock ?? 0n; from <= toBlock; from += step) {
      const end = from + step - 1n;
      yield [from, end < toBlock ? end : toBlock];
    }
  }
}
