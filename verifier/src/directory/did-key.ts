/**
 * How the directory compares DIDs: `did:ethr` identifiers name an Ethereum address, whose hex case carries no
 * meaning (EIP-55 checksum), so they compare case-insensitively; every other method compares exactly.
 */

const ETHR = /^did:ethr:(?:[A-Za-z0-9_.-]+:)?(0x[0-9a-fA-F]{40})$/;

/**
 * The key a DID is stored and looked up under.
 * @param did - any DID.
 * @returns the DID, lower-cased when it is a `did:ethr`.
 */
export function didKey(did: string): string {
  return did.startsWith('did:ethr:') ? did.toLowerCase() : did;
}

/**
 * The identity address of a `did:ethr` (the subject of its on-chain accreditation).
 * @param did - a DID.
 * @returns the address, or `undefined` when the DID is not an address-form `did:ethr`.
 */
export function ethrAddressOf(did: string): `0x${string}` | undefined {
  const match = ETHR.exec(did);
  return match === null ? undefined : (match[1] as `0x${string}`);
}
