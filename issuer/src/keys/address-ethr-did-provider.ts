import type { IIdentifier } from '@veramo/core';
import { EthrDIDProvider } from '@veramo/did-provider-ethr';
import { computeAddress } from 'ethers';

type CreateArgs = Parameters<EthrDIDProvider['createIdentifier']>;

/**
 * Veramo's `EthrDIDProvider`, except that new identifiers use the address form `did:ethr:<network>:<address>`
 * (the form of `ethrDid()` in `@medtrust/core` and of the issuer design) instead of Veramo's public-key form
 * `did:ethr:<network>:<compressed public key>`. Both name the same ERC-1056 identity; updates (`addKey`, …) work
 * unchanged because the provider parses either form.
 */
export class AddressEthrDIDProvider extends EthrDIDProvider {
  /** Creates the controller key in the KMS, then names the identity by the key's Ethereum address. */
  override async createIdentifier(
    args: CreateArgs[0],
    context: CreateArgs[1],
  ): Promise<Omit<IIdentifier, 'provider'>> {
    const identifier = await super.createIdentifier(args, context);
    const controllerKey = identifier.keys[0];
    if (!controllerKey) return identifier;
    const address = computeAddress(`0x${controllerKey.publicKeyHex}`);
    return { ...identifier, did: identifier.did.replace(/0x[0-9a-fA-F]{66}$/, address) };
  }
}
