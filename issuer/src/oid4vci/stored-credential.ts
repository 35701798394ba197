import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { configurationForTypes, type CredentialConfiguration } from './credential-configurations.ts';
import { decodeJws } from './jws.ts';

/** What the OID4VCI endpoints need to know about an issued credential (never its claims). */
export interface StoredCredentialInfo {
  /** Its OID4VCI configuration (from its medtrust type). */
  configuration: CredentialConfiguration;
  /** The DID it was issued to (`sub`, else `vc.credentialSubject.id`), or undefined. */
  subjectDid: string | undefined;
  /** The decoded `vc` claim, handed to the protocol library (which only inspects it). */
  vc: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the type and subject DID of an issued JWT VC (VCDM 1.1 JWT encoding). The signature is not checked: the
 * JWT comes from our own store.
 *
 * @param jwt - the stored credential JWT.
 * @returns its configuration, subject DID and `vc` claim.
 * @throws MedtrustError `INVALID_ARGUMENT` when it is not a JWT VC of a medtrust type.
 */
export function describeStoredCredential(jwt: string): StoredCredentialInfo {
  const decoded = decodeJws(jwt);
  const vc = decoded?.payload.vc;
  if (decoded === undefined || !isRecord(vc)) {
    throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'stored credential is not a JWT VC');
  }
  const configuration = configurationForTypes(vc.type);
  if (configuration === undefined) {
    throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'stored credential has no medtrust credential type');
  }
  const subject = Array.isArray(vc.credentialSubject) ? vc.credentialSubject[0] : vc.credentialSubject;
  const candidate = decoded.payload.sub ?? (isRecord(subject) ? subject.id : undefined);
  const subjectDid = typeof candidate === 'string' && candidate.startsWith('did:') ? candidate : undefined;
  return { configuration, subjectDid, vc };
}
