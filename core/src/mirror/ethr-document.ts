/**
 * The `did:ethr` document of an identity at a block, built from its ERC-1056 events by ethr-did-resolver's own
 * document builder (`EthrDidResolver#wrapDidDocument`, a pure function of the history), so the mirror's documents are
 * the library's, not a copy of its rules. The package's exports map hides that class; it is loaded from the
 * package's own CommonJS build, next to its entry point.
 * @see https://github.com/decentralized-identity/ethr-did-resolver/blob/master/doc/did-method-spec.md
 */
import { createRequire } from 'node:module';
import type { DIDDocument } from 'did-resolver';
import type { Erc1056Event } from './registry-event.ts';

interface EthrHistoryEvent {
  _eventName: string;
  blockNumber: number;
  [name: string]: unknown;
}

type WrapDidDocument = (
  did: string,
  address: string,
  controllerKey: string | undefined,
  history: EthrHistoryEvent[],
  chainId: bigint,
  blockHeight: number,
  now: bigint,
) => { didDocument: DIDDocument; deactivated: boolean; versionId: number; nextVersionId: number };

let wrap: WrapDidDocument | undefined;

function wrapDidDocument(): WrapDidDocument {
  if (wrap === undefined) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('ethr-did-resolver');
    const module = require(entry.replace(/index\.js$/, 'resolver.js')) as {
      EthrDidResolver: { prototype: { wrapDidDocument: WrapDidDocument } };
    };
    const method = module.EthrDidResolver.prototype.wrapDidDocument;
    wrap = (...args) => method.call(undefined, ...args);
  }
  return wrap;
}

/** What {@link ethrDocumentAt} returns. */
export interface EthrDocumentVersion {
  didDocument: DIDDocument;
  deactivated: boolean;
  /** The block of the last change included (0 when none). */
  versionId: number;
  /** The block of the first later change (`Infinity` when none). */
  nextVersionId: number;
}

/**
 * The document of `did` as of `blockHeight`, judged at `now` (a delegate or attribute is valid while `validTo ≥ now`).
 * @param did - the DID as asked (its document carries this id).
 * @param address - the identity's checksummed address.
 * @param controllerKey - the public key of a DID made of a key, else `undefined`.
 * @param events - the identity's ERC-1056 events, oldest first (later ones become the next version).
 * @param chainId - the chain's id.
 * @param blockHeight - the block the document is asked at.
 * @param now - Unix seconds.
 */
export function ethrDocumentAt(
  did: string,
  address: string,
  controllerKey: string | undefined,
  events: readonly Erc1056Event[],
  chainId: number,
  blockHeight: bigint,
  now: number,
): EthrDocumentVersion {
  const history: EthrHistoryEvent[] = events.map((event) => ({
    ...event.args,
    _eventName: event.name,
    blockNumber: Number(event.blockNumber),
  }));
  return wrapDidDocument()(
    did,
    address,
    controllerKey,
    history,
    BigInt(chainId),
    Number(blockHeight),
    BigInt(Math.floor(now)),
  );
}
