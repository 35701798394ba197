/**
 * The `did-resolution` check: resolves a signer's DID (as of a time for `did:ethr`) and reports failures fail-closed.
 * @see https://www.w3.org/TR/did-core/#did-resolution-metadata
 * @see https://www.w3.org/TR/did-core/#did-parameters (`versionTime`)
 */
import type { DIDDocument } from 'did-resolver';
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckList } from './check-list.ts';
import { isoDate } from './credential-time.ts';
import { parseDid, sameDid } from './did-syntax.ts';
import { isPlainObject } from './json-shape.ts';
import type { DidResolver } from './verifier-dependencies.ts';
import { SUPPORTED_DID_METHODS } from './verification-policy.ts';

/**
 * Resolves `did` and records `did-resolution`.
 * @param list - the report's checks.
 * @param resolver - the DID resolver.
 * @param did - the signer's DID (already syntax-checked).
 * @param asOf - for `did:ethr`, the moment whose document is wanted: a time (sent as `?versionTime=`) or a block
 *   number (the anchor block, sent as `?versionId=`); the current document when omitted. Other methods have no
 *   history and are always resolved as they are.
 * @returns the document, or `undefined` when the check did not pass.
 */
export async function resolveSignerDocument(
  list: CheckList,
  resolver: DidResolver,
  did: string,
  asOf?: Date | bigint,
): Promise<DIDDocument | undefined> {
  const method = parseDid(did)?.method;
  if (method === undefined || !SUPPORTED_DID_METHODS.includes(method)) {
    list.fail('did-resolution', ErrorCodes.DID_METHOD_UNSUPPORTED, `did:${method ?? '?'} is not supported`);
    return undefined;
  }
  const version =
    method !== 'ethr' || asOf === undefined
      ? undefined
      : typeof asOf === 'bigint'
        ? { query: `versionId=${asOf}`, words: `as of block ${asOf}` }
        : (() => {
            const time = isoDate(Math.floor(asOf.getTime() / 1000) * 1000);
            return { query: `versionTime=${time}`, words: `as of ${time}` };
          })();
  const didUrl = version === undefined ? did : `${did}?${version.query}`;
  let result;
  try {
    result = await resolver.resolve(didUrl);
  } catch (error) {
    list.error('did-resolution', ErrorCodes.DID_UNRESOLVABLE, `resolving ${did} failed: ${messageOf(error)}`);
    return undefined;
  }
  const metadataError = isPlainObject(result?.didResolutionMetadata)
    ? result.didResolutionMetadata.error
    : undefined;
  if (metadataError === 'unsupportedDidMethod') {
    list.fail(
      'did-resolution',
      ErrorCodes.DID_METHOD_UNSUPPORTED,
      `did:${method} is not supported by the resolver`,
    );
    return undefined;
  }
  if (metadataError !== undefined) {
    const message = result.didResolutionMetadata.message;
    list.error(
      'did-resolution',
      ErrorCodes.DID_UNRESOLVABLE,
      `${did} did not resolve: ${String(metadataError)}${typeof message === 'string' ? ` (${message.slice(0, 200)})` : ''}`,
    );
    return undefined;
  }
  const document = result?.didDocument;
  if (!isPlainObject(document) || typeof document.id !== 'string' || !sameDid(document.id, did)) {
    list.error('did-resolution', ErrorCodes.DID_UNRESOLVABLE, `${did} resolved to no matching DID document`);
    return undefined;
  }
  if (isPlainObject(result.didDocumentMetadata) && result.didDocumentMetadata.deactivated === true) {
    list.fail('did-resolution', ErrorCodes.DID_UNRESOLVABLE, `${did} is deactivated`);
    return undefined;
  }
  list.pass('did-resolution', version?.words);
  return document;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}
