/**
 * Parsing of a presentation: the holder-signed compact JWT (VCDM 1.1 `vp` claim, or a VCDM 2.0 payload that is the
 * presentation itself), its JSON form with a `JwtProof2020` proof, or an `EnvelopedVerifiablePresentation`.
 * @see https://www.w3.org/TR/vc-data-model/#jwt-decoding
 */
import { parseCompactJws, type CompactJws } from './compact-jws.ts';
import { numericDate } from './credential-time.ts';
import { parseDid, sameDid } from './did-syntax.ts';
import { isPlainObject } from './json-shape.ts';
import { VCDM_V2_CONTEXT, didOfMember, hasContext, jwtOfInput, typeList } from './parsed-credential.ts';
import { VERIFICATION_LIMITS } from './verification-policy.ts';

/** A presentation whose JWT parsed and has every field the checks need. */
export interface ParsedPresentation {
  readonly jws: CompactJws;
  /** Holder DID: the signer (`iss`, or VCDM 2.0 `holder`). */
  readonly holder: string;
  /** The `nonce` claim (the verifier's challenge), when present. */
  readonly nonce: string | undefined;
  /** The `aud` claim as a list, when present. */
  readonly audience: readonly string[] | undefined;
  /** `nbf`, epoch ms, when present. */
  readonly validFrom: number | undefined;
  /** `exp`, epoch ms, when present. */
  readonly validUntil: number | undefined;
  /** The embedded credentials, as given (compact JWTs or JSON forms). */
  readonly credentials: readonly unknown[];
  /** Set when the payload or the JSON wrapper names a holder other than the signer. */
  readonly holderMismatch: string | undefined;
}

/** Outcome of {@link parsePresentation}. */
export type PresentationParse =
  { ok: true; presentation: ParsedPresentation } | { ok: false; detail: string };

type Failure = { ok: false; detail: string };
const fail = (detail: string): Failure => ({ ok: false, detail });

/**
 * Parses a presentation input. Never throws.
 * @param input - compact JWT, JSON form with `JwtProof2020`, or `EnvelopedVerifiablePresentation`.
 * @returns the parsed presentation, or why it is malformed (`FORMAT_INVALID`).
 */
export function parsePresentation(input: unknown): PresentationParse {
  try {
    const source = jwtOfInput(input, 'EnvelopedVerifiablePresentation', 'application/vp+jwt');
    if (!source.ok) return source;
    const parsedJws = parseCompactJws(source.jwt, VERIFICATION_LIMITS.maxPresentationJwtLength);
    if (!parsedJws.ok) return parsedJws;
    const { jws } = parsedJws;
    const payload = jws.payload;
    let holder: unknown;
    let body: Record<string, unknown>;
    let named: string | undefined;
    if (isPlainObject(payload.vp)) {
      body = payload.vp;
      holder = payload.iss;
      if (body.holder !== undefined) {
        named = didOfMember(body.holder);
        if (named === undefined) return fail('vp.holder must be a DID or an object with an id');
      }
    } else if (payload.vp === undefined && hasContext(payload['@context'], VCDM_V2_CONTEXT)) {
      body = payload;
      holder = payload.iss ?? didOfMember(payload.holder);
      if (payload.holder !== undefined) named = didOfMember(payload.holder);
    } else if (payload.vc !== undefined) {
      return fail('this is a credential, not a presentation');
    } else {
      return fail('neither a VCDM 1.1 JWT (vp claim) nor a VCDM 2.0 presentation');
    }
    if (parseDid(holder) === undefined) return fail('iss (the holder) must be a DID');
    const type = typeList(body.type);
    if (type === undefined || !type.includes('VerifiablePresentation')) {
      return fail('type must list VerifiablePresentation');
    }
    const embedded = body.verifiableCredential;
    const credentials = embedded === undefined ? [] : Array.isArray(embedded) ? embedded : [embedded];
    if (credentials.length === 0) return fail('the presentation carries no credential');
    if (credentials.length > VERIFICATION_LIMITS.maxCredentialsPerPresentation) {
      return fail(`more than ${VERIFICATION_LIMITS.maxCredentialsPerPresentation} credentials`);
    }
    const nonce = payload.nonce;
    if (nonce !== undefined && typeof nonce !== 'string') return fail('nonce must be a string');
    const aud = payload.aud;
    const audience = aud === undefined ? undefined : typeList(aud);
    if (aud !== undefined && audience === undefined) return fail('aud must be a string or a list of strings');
    const nbf = numericDate(payload.nbf);
    const exp = numericDate(payload.exp);
    if (!nbf.ok || !exp.ok) return fail('nbf / exp must be NumericDates');

    let holderMismatch: string | undefined;
    if (named !== undefined && !sameDid(named, holder as string)) {
      holderMismatch = `the presentation names holder ${named} but is signed by ${holder as string}`;
    }
    if (source.wrapper !== undefined) {
      const wrapped = didOfMember(source.wrapper.holder);
      if (wrapped === undefined) return fail('JSON form without a holder');
      if (!sameDid(wrapped, holder as string)) {
        holderMismatch = `JSON holder ${wrapped} is not the JWT signer ${holder as string}`;
      }
    }
    return {
      ok: true,
      presentation: {
        jws,
        holder: holder as string,
        nonce,
        audience,
        validFrom: nbf.ms,
        validUntil: exp.ms,
        credentials,
        holderMismatch,
      },
    };
  } catch {
    return fail('could not be parsed');
  }
}

/**
 * Tells a presentation from a credential without verifying anything.
 * @param input - untrusted input.
 * @returns `presentation` when the input is (or wraps) a presentation, else `credential` (including garbage, which
 *   then fails the credential's `format` check).
 */
export function inputKind(input: unknown): 'credential' | 'presentation' {
  try {
    if (isPlainObject(input)) {
      const types = typeList(input.type) ?? [];
      if (types.includes('VerifiablePresentation') || types.includes('EnvelopedVerifiablePresentation')) {
        return 'presentation';
      }
      if (types.includes('VerifiableCredential') || types.includes('EnvelopedVerifiableCredential')) {
        return 'credential';
      }
      if (input.verifiableCredential !== undefined) return 'presentation';
      const proof = input.proof;
      return isPlainObject(proof) && typeof proof.jwt === 'string' ? inputKind(proof.jwt) : 'credential';
    }
    if (typeof input !== 'string') return 'credential';
    const parsed = parseCompactJws(input.trim(), VERIFICATION_LIMITS.maxPresentationJwtLength);
    if (!parsed.ok) return 'credential';
    const payload = parsed.jws.payload;
    if (payload.vp !== undefined) return 'presentation';
    return typeList(payload.type)?.includes('VerifiablePresentation') ? 'presentation' : 'credential';
  } catch {
    return 'credential';
  }
}
