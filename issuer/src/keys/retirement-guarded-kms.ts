import type { IKey } from '@veramo/core';
import type { AbstractPrivateKeyStore } from '@veramo/key-manager';
import { KeyManagementSystem } from '@veramo/kms-local';
import { KeyError, KeyErrorCodes } from './key-errors.ts';
import type { SigningKeyRegistry } from './signing-key-registry.ts';

/**
 * Algorithms with which a key signs credentials or presentations (JWS, EIP-712 credentials). A retired key is refused
 * for these; `undefined` is kms-local's default (ES256K for secp256k1).
 */
const CREDENTIAL_ALGORITHMS = new Set<string | undefined>([
  undefined,
  'ES256K',
  'ES256K-R',
  'ES256',
  'EdDSA',
  'Ed25519',
  'eth_signTypedData',
  'EthereumEip712Signature2021',
]);

/**
 * kms-local's `KeyManagementSystem` that refuses to sign credentials with a key retired in the
 * {@link SigningKeyRegistry}, so `agent.createVerifiableCredential` honours rotations like the fast signer does.
 *
 * Transaction signing (`eth_signTransaction`, `eth_rawSign`, …) stays allowed: a retired controller key is still the
 * DID's ERC-1056 owner and keeps paying for registry and status transactions.
 */
export class RetirementGuardedKms extends KeyManagementSystem {
  /**
   * @param privateKeys - the (sealed) private-key store.
   * @param signingKeys - the registry telling which keys are retired.
   */
  constructor(
    privateKeys: AbstractPrivateKeyStore,
    private readonly signingKeys: SigningKeyRegistry,
  ) {
    super(privateKeys);
  }

  /**
   * Signs like kms-local after checking retirement.
   * @throws KeyError `KEY_RETIRED` for a credential-signing algorithm with a retired key.
   */
  override async sign(args: {
    keyRef: Pick<IKey, 'kid'>;
    algorithm?: string;
    data: Uint8Array;
  }): Promise<string> {
    if (
      CREDENTIAL_ALGORITHMS.has(args.algorithm) &&
      (await this.signingKeys.isKeyRefRetired(args.keyRef.kid))
    ) {
      throw new KeyError(
        KeyErrorCodes.KEY_RETIRED,
        `key ${args.keyRef.kid} is retired and cannot sign credentials`,
      );
    }
    return super.sign(args);
  }
}
