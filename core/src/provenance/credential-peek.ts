/**
 * Reads who a credential is about and what type it claims to be WITHOUT verifying it, only to route candidates
 * (e.g. which of many accreditation credentials concern a given supplier) before the pipeline verifies the few that
 * matter. Nothing read here is ever trusted: every decision is taken on the pipeline's verified report.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
import { decodeBase64Url } from '../verification/base64url.ts';

/** What a credential claims, unverified. */
export interface CredentialPeek {
  /** The compact JWT carried by the input. */
  jwt: string;
  /** Claimed types (`vc.type` or VCDM 2.0 `type`). */
  types: readonly string[];
  /** Claimed subject (`sub`, or `credentialSubject.id`). */
  subject: string | undefined;
}

const MAX_PEEK_LENGTH = 65_536;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The compact JWT a credential input carries: the string, a JSON form's `proof.jwt` (`JwtProof2020`), or an
 * `EnvelopedVerifiableCredential`'s `data:application/vc+jwt,` URL.
 * @param input - untrusted input.
 * @returns the JWT, or `undefined`.
 * @see https://www.w3.org/TR/vc-jose-cose/#enveloped-verifiable-credential
 */
export function jwtOf(input: unknown): string | undefined {
  if (typeof input === 'string') return input.trim();
  if (!isObject(input)) return undefined;
  if (typeof input.id === 'string' && input.id.startsWith('data:application/vc+jwt,')) {
    return input.id.slice('data:application/vc+jwt,'.length);
  }
  const proof = input.proof;
  return isObject(proof) && typeof proof.jwt === 'string' ? proof.jwt : undefined;
}

/**
 * Decodes a credential's claimed types and subject without verifying anything. Never throws.
 * @param input - untrusted input (compact JWT, JSON form or envelope).
 * @returns what it claims, or `undefined` when it is not a readable JWT credential.
 */
export function peekCredential(input: unknown): CredentialPeek | undefined {
  try {
    const jwt = jwtOf(input);
    if (jwt === undefined || jwt.length > MAX_PEEK_LENGTH) return undefined;
    const segment = jwt.split('.')[1];
    if (segment === undefined) return undefined;
    const bytes = decodeBase64Url(segment);
    if (bytes === undefined) return undefined;
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!isObject(payload)) return undefined;
    const body = isObject(payload.vc) ? payload.vc : payload;
    const rawTypes = body.type;
    const types = (Array.isArray(rawTypes) ? rawTypes : [rawTypes]).filter(
      (t): t is string => typeof t === 'string',
    );
    const claims = isObject(body.credentialSubject) ? body.credentialSubject : {};
    const subject =
      typeof payload.sub === 'string' ? payload.sub : typeof claims.id === 'string' ? claims.id : undefined;
    return { jwt, types, subject };
  } catch {
    return undefined;
  }
}

/**
 * The types of the credentials a presentation carries, read WITHOUT verifying anything (to choose which
 * verification to run; the chosen one verifies everything).
 * @param input - a presentation: compact JWT, JSON form (`JwtProof2020`), or VCDM 2.0 envelope.
 * @returns every type claimed by a carried credential (empty when unreadable).
 */
export function peekPresentedTypes(input: unknown): string[] {
  try {
    let jwt: string | undefined;
    if (typeof input === 'string') jwt = input.trim();
    else if (isObject(input)) {
      if (typeof input.id === 'string' && input.id.startsWith('data:application/vp+jwt,')) {
        jwt = input.id.slice('data:application/vp+jwt,'.length);
      } else if (isObject(input.proof) && typeof input.proof.jwt === 'string') jwt = input.proof.jwt;
    }
    const segment = jwt?.split('.')[1];
    if (segment === undefined || jwt!.length > 1_048_576) return [];
    const bytes = decodeBase64Url(segment);
    if (bytes === undefined) return [];
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!isObject(payload)) return [];
    const body = isObject(payload.vp) ? payload.vp : payload;
    const carried = body.verifiableCredential;
    const list = Array.isArray(carried) ? carried : carried === undefined ? [] : [carried];
    return list.flatMap((c) => [...(peekCredential(c)?.types ?? [])]);
  } catch {
    return [];
  }
}

/**
 * A credential's `credentialStatus` member, read from its JWT payload WITHOUT verifying (callers use it only for
 * credentials the pipeline verified).
 * @param jwt - the compact JWT.
 * @returns the member, or `undefined`.
 */
export function peekCredentialStatus(jwt: string): unknown {
  try {
    const segment = jwt.split('.')[1];
    const bytes = segment === undefined ? undefined : decodeBase64Url(segment);
    if (bytes === undefined) return undefined;
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!isObject(payload)) return undefined;
    return isObject(payload.vc) ? payload.vc.credentialStatus : payload.credentialStatus;
  } catch {
    return undefined;
  }
}
