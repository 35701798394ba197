/**
 * The `holder-binding` check of a credential inside a presentation: the presentation's signer must be the credential's
 * subject, or sign with a key the subject's DID document lists for authentication (the subject controls it).
 * @see https://www.w3.org/TR/vc-data-model/#subject-holder-relationships
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckList } from './check-list.ts';
import { parseDid, sameDid } from './did-syntax.ts';
import { isPlainObject } from './json-shape.ts';
import type { ParsedCredential } from './parsed-credential.ts';
import type { VerificationKey } from './signature-verifier.ts';
import { sameKey, verificationKeyOf } from './verification-key.ts';
import { methodsFor } from './verification-methods.ts';
import { SELF_ATTESTED_TYPES } from './verification-policy.ts';
import type { DidResolver } from './verifier-dependencies.ts';

/** The presentation's verified signer. */
export interface PresentationSigner {
  /** Holder DID (`iss` of the presentation). */
  did: string;
  /** The key that verified the presentation's signature; `undefined` when it did not verify. */
  key: VerificationKey | undefined;
}

/**
 * Records `holder-binding`. Skipped (does not apply) for a bearer credential whose subject is not a DID (a drug
 * batch URN, a custody transfer URN); `HOLDER_MISMATCH` otherwise unless the signer is the subject, signs with one
 * of the subject's authentication keys, or is the issuer of a {@link SELF_ATTESTED_TYPES} credential (a review).
 * @param list - the credential's checks.
 * @param credential - the parsed credential.
 * @param signer - the presentation's signer.
 * @param resolver - resolves the subject's DID when it is not the signer's.
 */
export async function checkHolderBinding(
  list: CheckList,
  credential: ParsedCredential,
  signer: PresentationSigner,
  resolver: DidResolver,
): Promise<void> {
  const subject = credential.subject;
  if (subject === undefined || parseDid(subject) === undefined) {
    list.notApplicable('holder-binding', 'bearer credential: its subject is not a DID');
    return;
  }
  if (signer.key === undefined) {
    list.notEvaluated('holder-binding', 'not evaluated: the presentation signature did not verify');
    return;
  }
  if (sameDid(subject, signer.did)) {
    list.pass('holder-binding');
    return;
  }
  if (
    credential.type.some((t) => SELF_ATTESTED_TYPES.includes(t)) &&
    sameDid(credential.issuer, signer.did)
  ) {
    list.pass('holder-binding', 'a self-attested credential presented by its issuer');
    return;
  }
  try {
    const result = await resolver.resolve(subject);
    const document = result?.didDocument;
    if (isPlainObject(document) && result.didResolutionMetadata?.error === undefined) {
      for (const method of methodsFor(document, 'authentication')) {
        const key = verificationKeyOf(method);
        if (key !== undefined && sameKey(key, signer.key)) {
          list.pass('holder-binding', `signed with ${method.id}, a key of the subject`);
          return;
        }
      }
    }
  } catch {
    // an unresolvable subject cannot be shown to control the signing key
  }
  list.fail(
    'holder-binding',
    ErrorCodes.HOLDER_MISMATCH,
    `presented by ${signer.did}, not by the subject ${subject}`,
  );
}
