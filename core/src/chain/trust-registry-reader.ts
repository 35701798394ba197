import { keccak256, toBytes, type Address, type Hex, type PublicClient } from 'viem';
import { trustRegistryArtifact } from '@medtrust/registry-contract';
import { toChainError } from './chain-error.ts';

/**
 * The on-chain key of a credential type or jurisdiction code: `keccak256(utf8(name))`.
 * @param name - e.g. `MedicalLicenseCredential` or `PT`.
 */
export function registryKey(name: string): Hex {
  return keccak256(toBytes(name));
}

/**
 * Read-only access to the on-chain `TrustRegistry` (issuer accreditation, one delegated level).
 * Methods throw a `MedtrustError` (`CHAIN_UNAVAILABLE` / `CONTRACT_REVERTED`) so callers can fail closed.
 */
export class TrustRegistryReader {
  /**
   * @param client - viem public client of the chain.
   * @param address - the `TrustRegistry` contract.
   */
  constructor(
    private readonly client: PublicClient,
    private readonly address: Address,
  ) {}

  /**
   * Was `subject` accredited for `credentialType` in `jurisdiction` at time `at`?
   * @param subject - ERC-1056 identity address of the issuer.
   * @param credentialType - type name, e.g. `MedicalLicenseCredential`.
   * @param jurisdiction - ISO 3166 code, e.g. `PT`.
   * @param at - the moment asked about (e.g. the credential's issuance date).
   */
  async isAccredited(
    subject: Address,
    credentialType: string,
    jurisdiction: string,
    at: Date,
  ): Promise<boolean> {
    try {
      return await this.client.readContract({
        address: this.address,
        abi: trustRegistryArtifact.abi,
        functionName: 'isAccredited',
        args: [
          subject,
          registryKey(credentialType),
          registryKey(jurisdiction),
          Math.floor(at.getTime() / 1000),
        ],
      });
    } catch (error) {
      throw toChainError(error, 'reading accreditation');
    }
  }
}
