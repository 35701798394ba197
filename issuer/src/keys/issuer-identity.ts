import { computeAddress, isError, toQuantity, Wallet } from 'ethers';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { ISSUER_KMS, issuerAgentInternals, type IssuerAgent } from './issuer-agent.ts';
import { KeyError, KeyErrorCodes } from './key-errors.ts';

/** An issuer organisation's on-chain identity. */
export interface IssuerIdentity {
  /** `did:ethr:<network>:<address>`. */
  did: string;
  /** The ERC-1056 identity address; its owner key (initially the controller key) pays for registry transactions. */
  address: string;
  /** DID URL of the active signing key (`…#controller` for a new identity); the JWT header `kid`. */
  kid: string;
}

/**
 * Default ERC-1056 validity of a signing key published by {@link rotateSigningKey}: ten years. A delegate key leaves
 * the DID document when its validity ends, and every credential it signed stops verifying then, so the validity must
 * cover the key's service life plus the longest credential lifetime.
 */
export const DEFAULT_SIGNING_KEY_VALIDITY_SECONDS = 10 * 365 * 24 * 60 * 60;

/**
 * Creates the `did:ethr` identity of an issuer on the agent's network (the controller key, generated inside the KMS,
 * is the initial signing key and is recorded as active in the signing-key registry). Nothing is sent on chain: an
 * ERC-1056 identity exists implicitly. Idempotent per alias: an existing identity is returned as it is now.
 * @param agent - the issuer agent.
 * @param alias - the organisation's stable alias (e.g. its slug).
 * @returns DID, address and the active signing key's DID URL.
 * @throws KeyError `KEY_NOT_FOUND` when the alias exists but has no active signing key (an interrupted rotation).
 */
export async function createIssuerIdentity(agent: IssuerAgent, alias: string): Promise<IssuerIdentity> {
  const inner = issuerAgentInternals(agent);
  const [existing] = await agent.didManagerFind({ alias, provider: inner.didProvider });
  const identifier =
    existing ?? (await agent.didManagerCreate({ alias, provider: inner.didProvider, kms: ISSUER_KMS }));
  const did = identifier.did;
  const address = addressOfDid(did);
  const active = await inner.signingKeys.active(did);
  if (active) return { did, address, kid: active.kid };
  if ((await inner.signingKeys.list(did)).length > 0) {
    throw new KeyError(
      KeyErrorCodes.KEY_NOT_FOUND,
      `${did} has no active signing key (interrupted rotation?)`,
    );
  }
  const controllerKey = identifier.keys.find((key) => key.kid === identifier.controllerKeyId);
  if (!controllerKey) throw new KeyError(KeyErrorCodes.KEY_NOT_FOUND, `${did} has no controller key`);
  const record = await inner.signingKeys.register({
    kid: `${did}#controller`,
    did,
    keyRef: controllerKey.kid,
    publicKeyHex: controllerKey.publicKeyHex,
    origin: 'controller',
  });
  return { did, address, kid: record.kid };
}

/** Options of {@link ensureOwnerFunded}. */
export interface OwnerFundingOptions {
  /**
   * A funded account's private key (`0x…`) that tops the owner up by a plain transfer (any chain). Without it the
   * owner is topped up with anvil's `anvil_setBalance` (local chain only).
   */
  fundingKey?: string;
  /** Below this balance the owner is topped up; 0.01 ETH by default. */
  minimumWei?: bigint;
  /** Balance after a top-up; 0.1 ETH by default. */
  targetWei?: bigint;
}

/**
 * Makes sure the address owning the DID's controller key can pay for registry transactions.
 * @param agent - the issuer agent.
 * @param did - a DID managed by the agent.
 * @param options - funding source and thresholds.
 * @returns the owner address and whether it was topped up.
 * @throws MedtrustError `CONFIGURATION_INVALID` when the balance is too low, no `fundingKey` is given and the node
 * is not anvil; `CHAIN_UNAVAILABLE` when the node fails.
 */
export async function ensureOwnerFunded(
  agent: IssuerAgent,
  did: string,
  options: OwnerFundingOptions = {},
): Promise<{ address: string; funded: boolean }> {
  const { provider } = issuerAgentInternals(agent);
  const identifier = await agent.didManagerGet({ did });
  const controllerKey = identifier.keys.find((key) => key.kid === identifier.controllerKeyId);
  if (!controllerKey) throw new KeyError(KeyErrorCodes.KEY_NOT_FOUND, `${did} has no controller key`);
  const address = computeAddress(`0x${controllerKey.publicKeyHex}`);
  const minimum = options.minimumWei ?? 10n ** 16n;
  const target = options.targetWei ?? 10n ** 17n;
  try {
    const balance = await provider.getBalance(address);
    if (balance >= minimum) return { address, funded: false };
    if (options.fundingKey) {
      const transfer = await new Wallet(options.fundingKey, provider).sendTransaction({
        to: address,
        value: target - balance,
      });
      await transfer.wait();
      return { address, funded: true };
    }
  } catch (error) {
    throw chainError(error, 'funding the DID owner');
  }
  try {
    await provider.send('anvil_setBalance', [address, toQuantity(target)]);
  } catch (error) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      `owner ${address} of ${did} cannot pay for registry transactions: pass a fundingKey (anvil_setBalance failed)`,
      { cause: error },
    );
  }
  return { address, funded: true };
}

/** Options of {@link rotateSigningKey}. */
export interface RotateSigningKeyOptions extends OwnerFundingOptions {
  /** ERC-1056 validity of the new key, {@link DEFAULT_SIGNING_KEY_VALIDITY_SECONDS} by default. */
  validitySeconds?: number;
  /** Gas limit of the registry transaction (Veramo's default, 100,000, when omitted). */
  gasLimit?: number;
}

/** Outcome of {@link rotateSigningKey}. */
export interface RotatedSigningKey {
  /** DID URL of the new active signing key (`…#delegate-<n>`). */
  kid: string;
  /** DID URL of the key retired by this rotation. */
  retiredKid: string;
  /** The `setAttribute` transaction that published the new key. */
  txHash: string;
  /** ISO-8601 UTC end of the new key's ERC-1056 validity. */
  validUntil: string;
}

const rotationsInFlight = new Map<string, Promise<unknown>>();

/**
 * Rotates a DID's credential-signing key:
 * 1. funds the owner if needed ({@link ensureOwnerFunded});
 * 2. creates a secp256k1 key in the KMS and publishes it on the ERC-1056 registry as a `veriKey`
 *    (`didManagerAddKey` → `setAttribute("did/pub/Secp256k1/veriKey/hex", publicKey, validity)`, sent by the owner
 *    key); it appears in the DID document as `#delegate-<n>`;
 * 3. retires the previous signing key in the registry, then records the new one as active.
 *
 * The retired key never signs a credential again (fast signer and agent refuse with `KEY_RETIRED`), but it stays in
 * the DID document, so credentials it signed keep verifying: the controller key as `#controller` (rotation does not
 * change the ERC-1056 owner, which keeps signing transactions), a retired delegate until its ERC-1056 validity ends.
 * Revoking a compromised key (`revokeAttribute`, or `changeOwner` for the controller) is a different operation that
 * also invalidates what the key signed; it is not done here.
 *
 * Rotations of one DID are serialised within the process.
 * @param agent - the issuer agent.
 * @param did - a DID managed by the agent, with an active signing key.
 * @param options - funding, validity and gas.
 * @returns the new kid, the retired kid, the transaction and the validity end.
 * @throws KeyError `KEY_NOT_FOUND` when the DID has no active key or the new key is missing from the resolved
 * document; MedtrustError `CHAIN_UNAVAILABLE` / `CONTRACT_REVERTED` when the transaction fails.
 */
export async function rotateSigningKey(
  agent: IssuerAgent,
  did: string,
  options: RotateSigningKeyOptions = {},
): Promise<RotatedSigningKey> {
  const previous = rotationsInFlight.get(did) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => rotate(agent, did, options));
  rotationsInFlight.set(did, run);
  try {
    return await run;
  } finally {
    if (rotationsInFlight.get(did) === run) rotationsInFlight.delete(did);
  }
}

async function rotate(
  agent: IssuerAgent,
  did: string,
  options: RotateSigningKeyOptions,
): Promise<RotatedSigningKey> {
  const { provider, signingKeys } = issuerAgentInternals(agent);
  if (!(await signingKeys.active(did))) {
    throw new KeyError(KeyErrorCodes.KEY_NOT_FOUND, `${did} has no active signing key`);
  }
  await ensureOwnerFunded(agent, did, options);
  const key = await agent.keyManagerCreate({ kms: ISSUER_KMS, type: 'Secp256k1' });
  const validitySeconds = options.validitySeconds ?? DEFAULT_SIGNING_KEY_VALIDITY_SECONDS;
  let txHash: string;
  let blockTimestamp: number;
  try {
    txHash = (await agent.didManagerAddKey({
      did,
      key,
      options: { ttl: validitySeconds, ...(options.gasLimit ? { gasLimit: options.gasLimit } : {}) },
    })) as string;
    const receipt = await provider.getTransactionReceipt(txHash);
    const block = receipt ? await provider.getBlock(receipt.blockNumber) : null;
    if (!block) throw new Error(`no receipt for ${txHash}`);
    blockTimestamp = block.timestamp;
  } catch (error) {
    await agent.keyManagerDelete({ kid: key.kid }).catch(() => undefined);
    throw chainError(error, 'publishing the new signing key');
  }
  const resolution = await agent.resolveDid({ didUrl: did });
  const method = resolution.didDocument?.verificationMethod?.find(
    (vm) => vm.publicKeyHex?.toLowerCase() === key.publicKeyHex.toLowerCase(),
  );
  if (!method) {
    throw new KeyError(
      KeyErrorCodes.KEY_NOT_FOUND,
      `the new key of ${did} is not in its resolved DID document`,
    );
  }
  const validUntil = new Date((blockTimestamp + validitySeconds) * 1000).toISOString();
  const { active, retired } = await signingKeys.rotate(did, {
    kid: method.id,
    did,
    keyRef: key.kid,
    publicKeyHex: key.publicKeyHex,
    origin: 'delegate',
    validUntil,
    txHash,
  });
  return { kid: active.kid, retiredKid: retired.kid, txHash, validUntil };
}

function addressOfDid(did: string): string {
  return did.slice(did.lastIndexOf(':') + 1);
}

function chainError(error: unknown, operation: string): MedtrustError {
  if (error instanceof MedtrustError) return error;
  const code = isError(error, 'CALL_EXCEPTION') ? ErrorCodes.CONTRACT_REVERTED : ErrorCodes.CHAIN_UNAVAILABLE;
  return new MedtrustError(code, `${operation} failed`, { cause: error });
}
