import {
  createAgent,
  type ICredentialPlugin,
  type IDIDManager,
  type IKeyManager,
  type IResolver,
  type TAgent,
} from '@veramo/core';
import { CredentialProviderJWT } from '@veramo/credential-jwt';
import { CredentialPlugin } from '@veramo/credential-w3c';
import { DIDManager } from '@veramo/did-manager';
import { DIDResolverPlugin } from '@veramo/did-resolver';
import { KeyManager } from '@veramo/key-manager';
import { JsonRpcProvider } from 'ethers';
import { createEthrDidResolver, ErrorCodes, MedtrustError, type ChainConfig } from '@medtrust/core';
import { AddressEthrDIDProvider } from './address-ethr-did-provider.ts';
import { RecordDIDStore, type DidRecords } from './did-store.ts';
import { KeySealer } from './key-sealer.ts';
import { RecordKeyStore, type KeyRecords } from './key-store.ts';
import { SealedPrivateKeyStore, type SealedKeyRecords } from './private-key-store.ts';
import { MemoryRecordStore } from './record-store.ts';
import { RetirementGuardedKms } from './retirement-guarded-kms.ts';
import { SigningKeyRegistry, type SigningKeyRecords } from './signing-key-registry.ts';

/** Name of the (only) key management system of the issuer agent. */
export const ISSUER_KMS = 'local';

/** Everything the issuer agent persists, as injected record stores (SQL-backed in the service). */
export interface IssuerKeyRecords {
  /** Sealed private keys, by KMS alias. */
  privateKeys: SealedKeyRecords;
  /** Public key metadata, by Veramo kid. */
  keys: KeyRecords;
  /** Managed identifiers, by DID. */
  dids: DidRecords;
  /** The `signing-keys` registry (active / retired per DID), by verification-method DID URL. */
  signingKeys: SigningKeyRecords;
}

/** @returns a fresh set of in-memory {@link IssuerKeyRecords} (tests, development). */
export function createMemoryIssuerKeyRecords(): IssuerKeyRecords {
  return {
    privateKeys: new MemoryRecordStore(),
    keys: new MemoryRecordStore(),
    dids: new MemoryRecordStore(),
    signingKeys: new MemoryRecordStore(),
  };
}

/** Options of {@link createIssuerAgent}. */
export interface IssuerAgentOptions {
  /** The chain and ERC-1056 registry the organisations' `did:ethr` identifiers live on. */
  chain: ChainConfig;
  /** 32-byte key sealing secret (the service passes `KMS_SECRET_KEY`); hex or bytes. */
  sealingSecret: string | Uint8Array;
  /** Persistence. */
  records: IssuerKeyRecords;
  /**
   * ethers provider for registry transactions. When omitted one is built as
   * `JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1 })` (ethers' 250 ms request cache
   * otherwise reuses stale nonces) and destroyed by {@link closeIssuerAgent}.
   */
  provider?: JsonRpcProvider;
  /** Time source for record timestamps. */
  clock?: () => Date;
}

/** The Veramo agent of the issuer service: DID manager, key manager, DID resolver and W3C credential plugin (JWT). */
export type IssuerAgent = TAgent<IDIDManager & IKeyManager & IResolver & ICredentialPlugin>;

/**
 * What the key modules share about an agent, kept outside the agent's public methods (no plugin method returns
 * private keys). Not re-exported from the package index.
 * @internal
 */
export interface IssuerAgentInternals {
  readonly chain: ChainConfig;
  /** Network segment of the DIDs: `chain.didNetworkName`, or the hex chain id. */
  readonly networkName: string;
  /** The DID manager's provider name, `did:ethr:<networkName>`. */
  readonly didProvider: string;
  readonly provider: JsonRpcProvider;
  readonly privateKeys: SealedPrivateKeyStore;
  readonly signingKeys: SigningKeyRegistry;
  readonly clock: () => Date;
  readonly ownsProvider: boolean;
}

const internals = new WeakMap<object, IssuerAgentInternals>();

/**
 * Builds the issuer's Veramo agent over the injected records:
 * - DIDManager with an `EthrDIDProvider` (address-form DIDs) whose single network entry is
 *   `{ name, chainId, rpcUrl, registry, provider }` with an explicit ethers provider;
 * - KeyManager with kms-local's `KeyManagementSystem` over the sealed private-key store, refusing retired keys for
 *   credential signing;
 * - DIDResolver with `@medtrust/core`'s `createEthrDidResolver`;
 * - CredentialPlugin with `CredentialProviderJWT`.
 * @param options - chain, sealing secret, records, optional provider and clock.
 * @returns the agent (synchronous: nothing is contacted until used).
 * @throws MedtrustError `CONFIGURATION_INVALID` for a sealing secret that is not 32 bytes.
 */
export function createIssuerAgent(options: IssuerAgentOptions): IssuerAgent {
  const { chain, records } = options;
  const clock = options.clock ?? (() => new Date());
  const sealer = new KeySealer(options.sealingSecret);
  const networkName = didNetworkName(chain);
  const didProvider = `did:ethr:${networkName}`;
  const provider =
    options.provider ??
    new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true, cacheTimeout: -1 });
  const privateKeys = new SealedPrivateKeyStore(records.privateKeys, sealer, clock);
  const signingKeys = new SigningKeyRegistry(records.signingKeys, clock);

  const agent = createAgent<IDIDManager & IKeyManager & IResolver & ICredentialPlugin>({
    plugins: [
      new KeyManager({
        store: new RecordKeyStore(records.keys),
        kms: { [ISSUER_KMS]: new RetirementGuardedKms(privateKeys, signingKeys) },
      }),
      new DIDManager({
        store: new RecordDIDStore(records.dids),
        defaultProvider: didProvider,
        providers: {
          [didProvider]: new AddressEthrDIDProvider({
            defaultKms: ISSUER_KMS,
            networks: [
              {
                name: networkName,
                chainId: chain.chainId,
                rpcUrl: chain.rpcUrl,
                registry: chain.didRegistry,
                provider,
              },
            ],
          }),
        },
      }),
      new DIDResolverPlugin({ resolver: createEthrDidResolver(chain) }),
      new CredentialPlugin([new CredentialProviderJWT()]),
    ],
  });
  internals.set(agent, {
    chain,
    networkName,
    didProvider,
    provider,
    privateKeys,
    signingKeys,
    clock,
    ownsProvider: options.provider === undefined,
  });
  return agent;
}

/**
 * @returns the `signing-keys` registry of an agent built by {@link createIssuerAgent} (read it to list active and
 * retired keys; rotations go through `rotateSigningKey`).
 * @throws MedtrustError `CONFIGURATION_INVALID` for any other agent.
 */
export function signingKeysOf(agent: IssuerAgent): SigningKeyRegistry {
  return issuerAgentInternals(agent).signingKeys;
}

/**
 * Releases what the agent owns (the ethers provider it built). The records are the caller's to close.
 * @param agent - an agent built by {@link createIssuerAgent}.
 */
export function closeIssuerAgent(agent: IssuerAgent): void {
  const inner = issuerAgentInternals(agent);
  if (inner.ownsProvider) inner.provider.destroy();
}

/**
 * @returns the key modules' shared view of an agent built by {@link createIssuerAgent}.
 * @throws MedtrustError `CONFIGURATION_INVALID` for any other agent.
 * @internal
 */
export function issuerAgentInternals(agent: IssuerAgent): IssuerAgentInternals {
  const inner = internals.get(agent);
  if (!inner) {
    throw new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, 'not an agent built by createIssuerAgent');
  }
  return inner;
}

/** @returns the network segment of `did:ethr` identifiers on the chain (its name, or the hex chain id). */
export function didNetworkName(chain: Pick<ChainConfig, 'chainId' | 'didNetworkName'>): string {
  return chain.didNetworkName ?? `0x${chain.chainId.toString(16)}`;
}
