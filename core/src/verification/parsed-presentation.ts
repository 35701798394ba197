/**
 * Parsing of a presentation: the holder-signed compact JWT (VCDM 1.1 `vp` claim, or a VCDM 2.0 payload that is the
 * presentation itself), its JSON form with a `JwtProof2020` proof, or an `EnvelopedVerifiablePresentation`.
 * @see https://www.w3.org/TR/vc-data-model/#jwt-decoding
 */
import { ErrorCodes } from '../errors/codes.ts';
import { parseCompactJws, type CompactJws } from './compact-jws.ts';
import { isoDate, numericDate } from './credential-time.ts';
import { jsonDifference } from './json-difference.ts';
import { parseDid, sameDid } from './did-syntax.ts';
import { isPlainObject } from './json-shape.ts';
import {
  VCDM_V2_CONTEXT,
  credentialJsonMismatch,
  didOfMember,
  hasContext,
  jsonFormDifference,
  jwtOfInput,
  parseCredentialJwt,
  signerExtrasOf,
  typeList,
  type JsonFormExpectation,
} from './parsed-credential.ts';
import { VERIFICATION_LIMITS } from './verification-policy.ts';
import { MAX_ANCHOR_PROOFS } from './verify-options.ts';

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
  /** The `MedtrustAnchorProof`s the holder attached (`anchorProofs` beside `verifiableCredential`), unchecked. */
  readonly anchorProofs: readonly unknown[];
  /** Set when the payload names a holder other than the signer. */
  readonly holderMismatch: string | undefined;
}

/**
 * Outcome of {@link parsePresentation}: the presentation, or why it is refused at `format`: `code` is
 * `PRESENTATION_JSON_MISMATCH` when the JSON form disagrees with its JWT, absent (`FORMAT_INVALID`) when malformed.
 */
export type PresentationParse =
  | { ok: true; presentation: ParsedPresentation }
  | { ok: false; detail: string; code?: typeof ErrorCodes.PRESENTATION_JSON_MISMATCH };

type Failure = { ok: false; detail: string };
const fail = (detail: string): Failure => ({ ok: false, detail });

/**
 * Parses a presentation input. Never throws. A JSON form must be the presentation its `proof.jwt` carries, as
 * did-jwt-vc normalises it (`vp` members, `iss`→`holder`, `aud`→`verifier`, `jti`→`id`, `nbf`→`issuanceDate`,
 * `exp`→`expirationDate`; other JWT claims such as `nonce` may be left out), or the VCDM 2.0 payload itself; each of
 * its `verifiableCredential` entries must equal the JWT's entry or be a JSON form of it that is that credential.
 * @param input - compact JWT, JSON form with `JwtProof2020`, or `EnvelopedVerifiablePresentation`.
 * @returns the parsed presentation, or why it is malformed (`FORMAT_INVALID`) or its JSON form disagrees with its
 *   JWT (`PRESENTATION_JSON_MISMATCH`).
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
    const attached = body.anchorProofs;
    if (
      attached !== undefined &&
      (!Array.isArray(attached) ||
        attached.length > MAX_ANCHOR_PROOFS ||
        !attached.every((p) => isPlainObject(p)))
    ) {
      return fail(`anchorProofs must be a list of at most ${MAX_ANCHOR_PROOFS} objects`);
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
      if (didOfMember(source.wrapper.holder) === undefined) return fail('JSON form without a holder');
      const found = jsonFormDifference(
        source.wrapper,
        presentationExpectation(payload, body, holder as string),
      );
      if (found !== undefined) {
        return {
          ok: false,
          code: ErrorCodes.PRESENTATION_JSON_MISMATCH,
          detail: `the JSON form's ${found} differs from the presentation its JWT carries (or is missing)`,
        };
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
        anchorProofs: (attached as unknown[] | undefined) ?? [],
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

/** VCDM 1.1 presentation JWT claims that did-jwt-vc maps to presentation members. */
const V1_MAPPED_CLAIMS = new Set(['vp', 'iss', 'jti', 'nbf', 'exp', 'aud']);
/** Top-level JWT claims of a VCDM 2.0 presentation payload that are not presentation members. */
const V2_JWT_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'nonce', 'cnf']);

function presentationExpectation(
  payload: Readonly<Record<string, unknown>>,
  body: Readonly<Record<string, unknown>>,
  holder: string,
): JsonFormExpectation {
  const required: Record<string, unknown> = {};
  const optional: Record<string, unknown> = {};
  const v1 = body !== payload;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'holder' || key === 'verifiableCredential') continue;
    if (!v1 && V2_JWT_CLAIMS.has(key)) optional[key] = value;
    else required[key] = value;
  }
  if (v1) {
    for (const [key, value] of Object.entries(payload)) if (!V1_MAPPED_CLAIMS.has(key)) optional[key] = value;
    if (typeof payload.jti === 'string' && body.id === undefined) required.id = payload.jti;
    const issued = numericDate(payload.nbf ?? payload.iat);
    if (issued.ok && issued.ms !== undefined) optional.issuanceDate = isoDate(issued.ms);
    const expires = numericDate(payload.exp);
    if (expires.ok && expires.ms !== undefined) optional.expirationDate = isoDate(expires.ms);
    if (payload.aud !== undefined)
      optional.verifier = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  }
  const embedded = body.verifiableCredential;
  const credentials = Array.isArray(embedded) ? embedded : [embedded];
  return {
    required,
    optional,
    signerMember: 'holder',
    signer: holder,
    signerExtras: signerExtrasOf(body.holder),
    custom: { verifiableCredential: (actual, path) => credentialsDifference(actual, credentials, path) },
  };
}

/**
 * The JSON form's credentials against the JWT's: each equal to the JWT's entry, or a JSON form (`JwtProof2020`) of the
 * same credential JWT as the entry (the entry being that JWT or another JSON form of it) that is that credential.
 */
function credentialsDifference(
  actual: unknown,
  credentials: readonly unknown[],
  path: string,
): string | undefined {
  const given = Array.isArray(actual) ? actual : [actual];
  if (given.length !== credentials.length) return path;
  for (let i = 0; i < given.length; i++) {
    const entry = given[i];
    const signed = credentials[i];
    const at = `${path}[${i}]`;
    if (jsonDifference(entry, signed, at) === undefined) continue;
    const jwt = typeof signed === 'string' ? signed.trim() : jwtProofOf(signed);
    if (jwt === undefined || !isPlainObject(entry) || jwtProofOf(entry) !== jwt) return at;
    const parsed = parseCredentialJwt(jwt);
    // a malformed credential fails its own report's format check; its JSON form is then not compared
    if (parsed.ok && credentialJsonMismatch(entry, parsed.credential) !== undefined) return at;
  }
  return undefined;
}

/** The `proof.jwt` of a `JwtProof2020` JSON form, else `undefined`. */
function jwtProofOf(value: unknown): string | undefined {
  const proof = isPlainObject(value) ? value.proof : undefined;
  return isPlainObject(proof) && proof.type === 'JwtProof2020' && typeof proof.jwt === 'string'
    ? proof.jwt
    : undefined;
}
