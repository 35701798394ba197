/**
 * The registry events the mirror follows, decoded from raw logs of the four registries: ERC-1056 owner, delegate and
 * attribute changes (in the form ethr-did-resolver builds documents from), `TrustRegistry` accreditations and
 * withdrawals, `StatusRegistry` list creations, extensions and status changes, and `AnchorRegistry` anchors. Every
 * event carries the identity it concerns (its first indexed topic), its block, the block's timestamp and its position.
 */
import { decodeEventLog, getAddress, type Abi, type Address, type Hex, type Log } from 'viem';
import {
  anchorRegistryArtifact,
  ethereumDidRegistryAbi,
  statusRegistryArtifact,
  trustRegistryArtifact,
} from '@medtrust/registry-contract';
import { bytes32toString } from 'ethr-did-resolver';
import type { ChainConfig } from '../chain/chain-config.ts';

/** Where an event sits on the chain. */
export interface EventPosition {
  /** The identity the event concerns (lower-case address): ERC-1056 identity, accredited subject, list or anchor issuer. */
  identity: Address;
  blockNumber: bigint;
  /** The block's timestamp, Unix seconds. */
  blockTimestamp: number;
  logIndex: number;
  transactionHash: Hex;
}

/** An ERC-1056 event, with the fields ethr-did-resolver's document builder reads. */
export interface Erc1056Event extends EventPosition {
  kind: 'erc1056';
  /** `DIDOwnerChanged`, `DIDDelegateChanged` or `DIDAttributeChanged`. */
  name: 'DIDOwnerChanged' | 'DIDDelegateChanged' | 'DIDAttributeChanged';
  /** The event's arguments as ethr-did-resolver decodes them (bytes32 as strings, checksummed addresses). */
  args: Record<string, unknown>;
}

/** `Accredited` or `AccreditationWithdrawn` of the `TrustRegistry`. */
export interface AccreditationEvent extends EventPosition {
  kind: 'accreditation';
  /** keccak256 of the credential type name. */
  credentialType: Hex;
  /** keccak256 of the jurisdiction code. */
  jurisdiction: Hex;
  /** The granting (or withdrawn record's) accreditor, lower case; the zero address is governance. */
  accreditor: Address;
  /** A record appended, or records shortened. */
  change:
    | { type: 'accredited'; validFrom: number; validUntil: number; delegable: boolean }
    | { type: 'withdrawn'; withdrawnAt: number };
}

/** `StatusListCreated`, `StatusListExtended` or `StatusChanged` of the `StatusRegistry`. */
export interface StatusEvent extends EventPosition {
  kind: 'status';
  listId: bigint;
  change:
    | { type: 'capacity'; capacity: bigint }
    | { type: 'bits'; purpose: 0 | 1; status: boolean; fromIndex: bigint; toIndex: bigint; mask: bigint };
}

/** `CredentialsAnchored` of the `AnchorRegistry`. */
export interface AnchorEvent extends EventPosition {
  kind: 'anchor';
  /** The Merkle root, lower case. */
  root: Hex;
  credentialCount: bigint;
}

/** Any registry event the mirror keeps. */
export type RegistryEvent = Erc1056Event | AccreditationEvent | StatusEvent | AnchorEvent;

/** The registries' addresses (lower case) and ABIs, to decode their logs. */
export class RegistryEventDecoder {
  readonly #byAddress: Map<string, { abi: Abi; registry: 'did' | 'trust' | 'status' | 'anchor' }>;

  /**
   * @param config - the chain's registry addresses.
   */
  constructor(
    config: Pick<ChainConfig, 'didRegistry' | 'trustRegistry' | 'statusRegistry' | 'anchorRegistry'>,
  ) {
    this.#byAddress = new Map([
      [config.didRegistry.toLowerCase(), { abi: ethereumDidRegistryAbi as Abi, registry: 'did' as const }],
      [
        config.trustRegistry.toLowerCase(),
        { abi: trustRegistryArtifact.abi as Abi, registry: 'trust' as const },
      ],
      [
        config.statusRegistry.toLowerCase(),
        { abi: statusRegistryArtifact.abi as Abi, registry: 'status' as const },
      ],
      [
        config.anchorRegistry.toLowerCase(),
        { abi: anchorRegistryArtifact.abi as Abi, registry: 'anchor' as const },
      ],
    ]);
  }

  /** The four registry addresses, lower case. */
  addresses(): Address[] {
    return [...this.#byAddress.keys()] as Address[];
  }

  /**
   * Decodes one log.
   * @param log - a raw log of one of the registries.
   * @param blockTimestamp - its block's timestamp (seconds), when the log does not carry `blockTimestamp`.
   * @returns the event, or `undefined` for a log of another contract or an event the mirror does not follow
   *   (e.g. role changes).
   */
  decode(log: Log, blockTimestamp?: number): RegistryEvent | undefined {
    const known = this.#byAddress.get(log.address.toLowerCase());
    if (known === undefined || log.blockNumber === null || log.logIndex === null) return undefined;
    let decoded: { eventName: string; args: Record<string, unknown> };
    try {
      decoded = decodeEventLog({
        abi: known.abi,
        data: log.data,
        topics: log.topics,
        strict: true,
      }) as unknown as {
        eventName: string;
        args: Record<string, unknown>;
      };
    } catch {
      return undefined;
    }
    const timestamp = logTimestamp(log) ?? blockTimestamp;
    if (timestamp === undefined) return undefined;
    const args = decoded.args;
    const position = (identity: unknown): EventPosition => ({
      identity: String(identity).toLowerCase() as Address,
      blockNumber: log.blockNumber!,
      blockTimestamp: timestamp,
      logIndex: log.logIndex!,
      transactionHash: log.transactionHash!,
    });
    switch (decoded.eventName) {
      case 'DIDOwnerChanged':
      case 'DIDDelegateChanged':
      case 'DIDAttributeChanged': {
        // The shape ethr-did-resolver's log parser gives: bytes32 as strings, every other value as decoded.
        const converted: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(args)) {
          converted[name] =
            (name === 'delegateType' || name === 'name') && typeof value === 'string'
              ? bytes32toString(value)
              : (name === 'identity' || name === 'owner' || name === 'delegate') && typeof value === 'string'
                ? getAddress(value)
                : value;
        }
        return { kind: 'erc1056', name: decoded.eventName, args: converted, ...position(args.identity) };
      }
      case 'Accredited':
      case 'AccreditationWithdrawn':
        return {
          kind: 'accreditation',
          credentialType: (args.credentialType as Hex).toLowerCase() as Hex,
          jurisdiction: (args.jurisdiction as Hex).toLowerCase() as Hex,
          accreditor: String(args.accreditor).toLowerCase() as Address,
          change:
            decoded.eventName === 'Accredited'
              ? {
                  type: 'accredited',
                  validFrom: Number(args.validFrom),
                  validUntil: Number(args.validUntil),
                  delegable: args.delegable === true,
                }
              : { type: 'withdrawn', withdrawnAt: Number(args.withdrawnAt) },
          ...position(args.subject),
        };
      case 'StatusListCreated':
      case 'StatusListExtended':
        return {
          kind: 'status',
          listId: BigInt(args.listId as bigint),
          change: {
            type: 'capacity',
            capacity: BigInt(
              (decoded.eventName === 'StatusListCreated' ? args.capacity : args.newCapacity) as bigint,
            ),
          },
          ...position(args.issuer),
        };
      case 'StatusChanged':
        return {
          kind: 'status',
          listId: BigInt(args.listId as bigint),
          change: {
            type: 'bits',
            purpose: Number(args.purpose) === 0 ? 0 : 1,
            status: args.status === true,
            fromIndex: BigInt(args.fromIndex as bigint),
            toIndex: BigInt(args.toIndex as bigint),
            mask: BigInt(args.mask as bigint),
          },
          ...position(args.issuer),
        };
      case 'CredentialsAnchored':
        return {
          kind: 'anchor',
          root: (args.root as Hex).toLowerCase() as Hex,
          credentialCount: BigInt(args.credentialCount as bigint),
          ...position(args.issuer),
        };
      default:
        return undefined;
    }
  }
}

/** The `blockTimestamp` a node includes in logs (geth 1.16+, anvil), in seconds. */
export function logTimestamp(log: Log): number | undefined {
  const value = (log as Log & { blockTimestamp?: unknown }).blockTimestamp;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value)) return Number.parseInt(value, 16);
  return undefined;
}
