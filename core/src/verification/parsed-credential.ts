/**
 * Parsing of a credential into what the checks need: the compact JWS, the claims, and the credential in W3C VCDM 1.1
 * JSON form for the schemas. Accepts the compact JWT (VCDM 1.1 `vc` claim as did-jwt-vc / Veramo produce it, or a
 * VCDM 2.0 payload that is the credential itself), its JSON form with a `JwtProof2020` proof, or a VCDM 2.0
 * `EnvelopedVerifiableCredential`.
 * @see https://www.w3.org/TR/vc-data-model/#jwt-decoding
 * @see https://www.w3.org/TR/vc-jose-cose/#securing-with-jose
 */
import { ErrorCodes } from '../errors/codes.ts';
import { parseCompactJws, type CompactJws } from './compact-jws.ts';
import { dateTime, isoDate, numericDate } from './credential-time.ts';
import { parseDid, sameDid } from './did-syntax.ts';
import { jsonDifference } from './json-difference.ts';
import { deepFreeze, isPlainObject, jsonShapeProblem } from './json-shape.ts';
import { LruCache } from './lru-cache.ts';
import { VERIFICATION_LIMITS } from './verification-policy.ts';

/** Base context of VCDM 1.1. */
export const VCDM_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/** Base context of VCDM 2.0. */
export const VCDM_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/** A credential whose JWT parsed and has every field the checks need. Frozen, shared through the parse cache. */
export interface ParsedCredential {
  readonly jws: CompactJws;
  readonly dataModel: '1.1' | '2.0';
  /** Issuer DID (`iss`, or VCDM 2.0 `issuer`). */
  readonly issuer: string;
  /** Subject id (`sub` or `credentialSubject.id`). */
  readonly subject: string | undefined;
  /** Credential id (`jti` or `id`). */
  readonly id: string | undefined;
  readonly type: readonly string[];
  /** Claims, with `id` = the subject. */
  readonly credentialSubject: Readonly<Record<string, unknown>>;
  /** The raw `credentialStatus`, when present. */
  readonly credentialStatus: unknown;
  /** Issuance, epoch ms: `nbf` (VCDM 1.1) or `validFrom` (VCDM 2.0). */
  readonly issuedAt: number;
  /** Start of validity, epoch ms. */
  readonly validFrom: number;
  /** End of validity, epoch ms, when it has one. */
  readonly validUntil: number | undefined;
  /** The credential as VCDM 1.1 JSON (what `@medtrust/schemas` validates). */
  readonly normalized: Readonly<Record<string, unknown>>;
  /** Set when the payload names an issuer other than `iss` (VCDM 1.1 `vc.issuer`, or VCDM 2.0 `issuer`). */
  readonly issuerMismatch: string | undefined;
}

/**
 * Outcome of parsing: the credential, or why it is refused at `format`: `code` is `CREDENTIAL_JSON_MISMATCH` when
 * the JSON form disagrees with the JWT it carries, absent (`FORMAT_INVALID`) when the input is malformed.
 */
export type CredentialParse =
  | { ok: true; credential: ParsedCredential }
  | { ok: false; detail: string; code?: typeof ErrorCodes.CREDENTIAL_JSON_MISMATCH };

type Failure = { ok: false; detail: string };
const fail = (detail: string): Failure => ({ ok: false, detail });

/**
 * Extracts the compact JWT from a credential or presentation input: the string itself, the JSON form's
 * `proof.jwt` (`JwtProof2020`), or an enveloped credential's `data:` URL.
 * @param input - untrusted input.
 * @param envelopeType - `EnvelopedVerifiableCredential` or `EnvelopedVerifiablePresentation`.
 * @param mediaType - `application/vc+jwt` or `application/vp+jwt`.
 * @returns the JWT and the JSON wrapper (when the input was JSON), or why there is none.
 */
export function jwtOfInput(
  input: unknown,
  envelopeType: string,
  mediaType: string,
): { ok: true; jwt: string; wrapper?: Record<string, unknown> } | Failure {
  if (typeof input === 'string') return { ok: true, jwt: input.trim() };
  if (!isPlainObject(input)) return fail(`expected a compact JWT or a JSON object, got ${describe(input)}`);
  const problem = safeShapeProblem(input);
  if (problem !== undefined) return fail(problem);
  const types = Array.isArray(input.type) ? input.type : [input.type];
  if (types.includes(envelopeType)) {
    const prefix = `data:${mediaType},`;
    if (typeof input.id !== 'string' || !input.id.startsWith(prefix)) {
      return fail(`${envelopeType} id must be a data: URL of ${mediaType}`);
    }
    return { ok: true, jwt: input.id.slice(prefix.length) };
  }
  const proof = input.proof;
  if (!isPlainObject(proof)) return fail('JSON form without a proof');
  if (proof.type !== 'JwtProof2020') return fail('unsupported proof type (expected JwtProof2020)');
  if (typeof proof.jwt !== 'string') return fail('proof.jwt must be a string');
  return { ok: true, jwt: proof.jwt, wrapper: input };
}

function safeShapeProblem(value: unknown): string | undefined {
  try {
    return jsonShapeProblem(value, VERIFICATION_LIMITS.maxJsonDepth, VERIFICATION_LIMITS.maxJsonNodes);
  } catch {
    return 'not JSON data';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * The DID an `issuer` / `holder` member names: the string, or the `id` of an object.
 * @param value - the member.
 * @returns the DID text, or `undefined` when the member has neither form.
 */
export function didOfMember(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isPlainObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

/**
 * @param value - a `type` member.
 * @returns the types as a list of strings, or `undefined` when it is not a string or a non-empty list of strings.
 */
export function typeList(value: unknown): readonly string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.length === 0 || !value.every((t) => typeof t === 'string'))
    return undefined;
  return value as string[];
}

/**
 * @param value - an `@context` member.
 * @returns whether it contains `context`.
 */
export function hasContext(value: unknown, context: string): boolean {
  return value === context || (Array.isArray(value) && value.includes(context));
}

/**
 * Parses credentials, caching by JWT text (parsing, freezing and schema results are pure functions of it).
 */
export class CredentialParser {
  readonly #cache = new LruCache<string, ParsedCredential>(10_000);

  /**
   * Parses a credential input. Never throws. A JSON form must be the credential its `proof.jwt` carries (see
   * {@link credentialJsonMismatch}): a client reading the JSON after a positive answer must read what was signed.
   * @param input - compact JWT, JSON form with `JwtProof2020`, or `EnvelopedVerifiableCredential`.
   * @returns the parsed credential, or why it is malformed (`FORMAT_INVALID`) or its JSON form disagrees with its JWT
   *   (`CREDENTIAL_JSON_MISMATCH`).
   */
  parse(input: unknown): CredentialParse {
    try {
      const source = jwtOfInput(input, 'EnvelopedVerifiableCredential', 'application/vc+jwt');
      if (!source.ok) return source;
      let credential = this.#cache.get(source.jwt);
      if (credential === undefined) {
        const parsed = parseCredentialJwt(source.jwt);
        if (!parsed.ok) return parsed;
        credential = parsed.credential;
        this.#cache.set(source.jwt, credential);
      }
      if (source.wrapper === undefined) return { ok: true, credential };
      if (didOfMember(source.wrapper.issuer) === undefined) return fail('JSON form without an issuer');
      const mismatch = credentialJsonMismatch(source.wrapper, credential);
      return mismatch === undefined
        ? { ok: true, credential }
        : { ok: false, code: ErrorCodes.CREDENTIAL_JSON_MISMATCH, detail: mismatch };
    } catch {
      return fail('could not be parsed');
    }
  }
}

/**
 * Parses one compact JWT credential (no cache). Never throws.
 * @param jwt - the compact JWT.
 * @returns the frozen parsed credential, or why it is malformed.
 */
export function parseCredentialJwt(jwt: string): { ok: true; credential: ParsedCredential } | Failure {
  const parsedJws = parseCompactJws(jwt, VERIFICATION_LIMITS.maxCredentialJwtLength);
  if (!parsedJws.ok) return parsedJws;
  const { jws } = parsedJws;
  const payload = jws.payload;
  if (payload.vp !== undefined) return fail('this is a presentation, not a credential');
  if (isPlainObject(payload.vc)) return parseV1(jws, payload, payload.vc);
  if (payload.vc !== undefined) return fail('vc claim is not an object');
  if (hasContext(payload['@context'], VCDM_V2_CONTEXT)) return parseV2(jws, payload);
  return fail('neither a VCDM 1.1 JWT (vc claim) nor a VCDM 2.0 credential');
}

function subjectOf(
  credentialSubject: unknown,
  sub: unknown,
): { ok: true; subject: string | undefined; claims: Record<string, unknown> } | Failure {
  if (!isPlainObject(credentialSubject)) return fail('credentialSubject must be one JSON object');
  if (sub !== undefined && typeof sub !== 'string') return fail('sub must be a string');
  const inner = credentialSubject.id;
  if (inner !== undefined && typeof inner !== 'string') return fail('credentialSubject.id must be a string');
  if (sub !== undefined && inner !== undefined && sub !== inner) {
    return fail('sub and credentialSubject.id differ');
  }
  const subject = (sub as string | undefined) ?? inner;
  return {
    ok: true,
    subject,
    claims: subject === undefined ? credentialSubject : { ...credentialSubject, id: subject },
  };
}

function parseV1(jws: CompactJws, payload: Record<string, unknown>, vc: Record<string, unknown>) {
  const issuer = payload.iss;
  if (parseDid(issuer) === undefined) return fail('iss must be a DID');
  const type = typeList(vc.type);
  if (type === undefined || !type.includes('VerifiableCredential')) {
    return fail('vc.type must list VerifiableCredential');
  }
  const subject = subjectOf(vc.credentialSubject, payload.sub);
  if (!subject.ok) return subject;
  const nbf = numericDate(payload.nbf);
  const exp = numericDate(payload.exp);
  const issuanceDate = dateTime(vc.issuanceDate);
  const expirationDate = dateTime(vc.expirationDate);
  if (!nbf.ok) return fail('nbf must be a NumericDate');
  if (!exp.ok) return fail('exp must be a NumericDate');
  if (!issuanceDate.ok) return fail('vc.issuanceDate must be an RFC 3339 date-time');
  if (!expirationDate.ok) return fail('vc.expirationDate must be an RFC 3339 date-time');
  const issuedAt = nbf.ms ?? issuanceDate.ms;
  if (issuedAt === undefined) return fail('no issuance date (nbf or vc.issuanceDate)');
  const validUntil = exp.ms ?? expirationDate.ms;
  const jti = payload.jti;
  if (jti !== undefined && typeof jti !== 'string') return fail('jti must be a string');
  const id = (jti as string | undefined) ?? (typeof vc.id === 'string' ? vc.id : undefined);

  const named = vc.issuer === undefined ? undefined : didOfMember(vc.issuer);
  if (vc.issuer !== undefined && named === undefined)
    return fail('vc.issuer must be a DID or an object with an id');
  const issuerMismatch =
    named !== undefined && !sameDid(named, issuer as string)
      ? `vc.issuer ${named} is not iss ${issuer as string}`
      : undefined;

  const normalized: Record<string, unknown> = { ...vc };
  normalized.issuer = isPlainObject(vc.issuer) ? { ...vc.issuer, id: issuer } : issuer;
  normalized.issuanceDate = isoDate(issuedAt);
  if (validUntil !== undefined) normalized.expirationDate = isoDate(validUntil);
  if (id !== undefined) normalized.id = id;
  normalized.credentialSubject = subject.claims;
  return done(jws, {
    dataModel: '1.1',
    issuer: issuer as string,
    subject: subject.subject,
    id,
    type,
    credentialSubject: subject.claims,
    credentialStatus: vc.credentialStatus,
    issuedAt,
    validFrom: issuedAt,
    validUntil,
    normalized,
    issuerMismatch,
  });
}

const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'cnf', 'validFrom', 'validUntil'];

function parseV2(jws: CompactJws, payload: Record<string, unknown>) {
  const type = typeList(payload.type);
  if (type === undefined || !type.includes('VerifiableCredential')) {
    return fail('type must list VerifiableCredential');
  }
  const issuer = didOfMember(payload.issuer);
  if (parseDid(issuer) === undefined) return fail('issuer must be a DID or an object whose id is a DID');
  if (payload.iss !== undefined && typeof payload.iss !== 'string') return fail('iss must be a string');
  const issuerMismatch =
    typeof payload.iss === 'string' && !sameDid(payload.iss, issuer!)
      ? `iss ${payload.iss} is not the issuer ${issuer!}`
      : undefined;
  const subject = subjectOf(payload.credentialSubject, payload.sub);
  if (!subject.ok) return subject;
  const validFrom = dateTime(payload.validFrom);
  const validUntil = dateTime(payload.validUntil);
  const nbf = numericDate(payload.nbf);
  const exp = numericDate(payload.exp);
  const iat = numericDate(payload.iat);
  if (!validFrom.ok || !validUntil.ok) return fail('validFrom / validUntil must be RFC 3339 date-times');
  if (!nbf.ok || !exp.ok || !iat.ok) return fail('nbf / exp / iat must be NumericDates');
  const issuedAt = validFrom.ms ?? nbf.ms ?? iat.ms;
  if (issuedAt === undefined) return fail('no issuance date (validFrom, nbf or iat)');
  const start = Math.max(issuedAt, nbf.ms ?? issuedAt);
  const ends = [validUntil.ms, exp.ms].filter((v): v is number => v !== undefined);
  const end = ends.length > 0 ? Math.min(...ends) : undefined;
  const id =
    typeof payload.id === 'string' ? payload.id : typeof payload.jti === 'string' ? payload.jti : undefined;

  // The schemas describe VCDM 1.1 credentials: validate the 1.1 projection (v1 context, issuanceDate,
  // expirationDate) of the 2.0 credential; every other member is the same in both models.
  const normalized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) if (!JWT_CLAIMS.includes(key)) normalized[key] = value;
  const contexts = Array.isArray(payload['@context']) ? payload['@context'] : [payload['@context']];
  normalized['@context'] = contexts.map((c) => (c === VCDM_V2_CONTEXT ? VCDM_V1_CONTEXT : c));
  normalized.issuanceDate = isoDate(issuedAt);
  if (end !== undefined) normalized.expirationDate = isoDate(end);
  if (id !== undefined) normalized.id = id;
  normalized.credentialSubject = subject.claims;
  return done(jws, {
    dataModel: '2.0',
    issuer: issuer!,
    subject: subject.subject,
    id,
    type,
    credentialSubject: subject.claims,
    credentialStatus: payload.credentialStatus,
    issuedAt,
    validFrom: start,
    validUntil: end,
    normalized,
    issuerMismatch,
  });
}

function done(
  jws: CompactJws,
  fields: Omit<ParsedCredential, 'jws'>,
): { ok: true; credential: ParsedCredential } {
  deepFreeze(jws.payload);
  deepFreeze(jws.header);
  return { ok: true, credential: deepFreeze({ jws, ...fields }) as ParsedCredential };
}

/** VCDM 1.1 JWT claims that did-jwt-vc maps to credential members (`iss`→issuer, `sub`→credentialSubject.id, …). */
const V1_MAPPED_CLAIMS = new Set(['vc', 'iss', 'sub', 'jti', 'nbf', 'exp', 'issuer']);
/** `vc` members the JWT claims override or complete. */
const V1_DERIVED_MEMBERS = new Set(['issuer', 'issuanceDate', 'expirationDate', 'id', 'credentialSubject']);
/** Top-level JWT claims of a VCDM 2.0 payload that are not credential members. */
const V2_JWT_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'cnf']);
/** Members compared as instants (`…T00:00:00.000Z` and `…T00:00:00Z` are the same date). */
const DATE_MEMBERS = new Set(['issuanceDate', 'expirationDate', 'validFrom', 'validUntil']);

/**
 * What a JSON form (credential or presentation, minus its `proof`) must hold: `required` members must be present
 * and equal; `optional` ones (JWT claims with no VCDM meaning, such as `iat` or `aud`, which did-jwt-vc leaves in
 * its JSON) may be absent but must be equal when present; any other member is a mismatch. `signer` is the DID
 * `issuer` / `holder` must name, with `signerExtras` the other members an object form must carry.
 */
export interface JsonFormExpectation {
  readonly required: Readonly<Record<string, unknown>>;
  readonly optional: Readonly<Record<string, unknown>>;
  readonly signerMember: 'issuer' | 'holder';
  readonly signer: string;
  readonly signerExtras: Readonly<Record<string, unknown>>;
  /** Members compared by their own rule (e.g. a presentation's `verifiableCredential`); `undefined` = equal. */
  readonly custom?: Readonly<Record<string, (actual: unknown, path: string) => string | undefined>>;
}

/**
 * Compares a JSON form with what it must be (see {@link JsonFormExpectation}): key order is irrelevant, `type` is
 * compared as a set, `@context` as a list (a single string is a one-element list), dates as instants.
 * @param json - the JSON form (untrusted, shape already bounded).
 * @param expected - what the JWT carries.
 * @returns the path of the first difference, or `undefined` when the JSON form is the signed document.
 */
export function jsonFormDifference(
  json: Readonly<Record<string, unknown>>,
  expected: JsonFormExpectation,
): string | undefined {
  for (const key of Object.keys(json)) {
    if (key === 'proof') continue;
    const actual = json[key];
    if (key === expected.signerMember) {
      const named = didOfMember(actual);
      if (named === undefined || !sameDid(named, expected.signer)) return key;
      const extras: Record<string, unknown> = isPlainObject(actual) ? { ...actual } : {};
      delete extras.id;
      const found = jsonDifference(extras, expected.signerExtras, key);
      if (found !== undefined) return found;
      continue;
    }
    const custom = expected.custom?.[key];
    if (custom !== undefined) {
      const found = custom(actual, key);
      if (found !== undefined) return found;
      continue;
    }
    const wanted = Object.hasOwn(expected.required, key)
      ? expected.required[key]
      : Object.hasOwn(expected.optional, key)
        ? expected.optional[key]
        : undefined;
    if (wanted === undefined) return key; // a member the signed document does not have
    const found = memberDifference(key, actual, wanted);
    if (found !== undefined) return found;
  }
  for (const key of Object.keys(expected.required)) if (!Object.hasOwn(json, key)) return key;
  for (const key of Object.keys(expected.custom ?? {})) if (!Object.hasOwn(json, key)) return key;
  if (!Object.hasOwn(json, expected.signerMember)) return expected.signerMember;
  return undefined;
}

function memberDifference(key: string, actual: unknown, wanted: unknown): string | undefined {
  if (key === 'type') {
    const a = typeList(actual);
    const w = typeList(wanted);
    if (a === undefined || w === undefined) return jsonDifference(actual, wanted, key);
    const as = new Set(a);
    const ws = new Set(w);
    return as.size === ws.size && [...as].every((t) => ws.has(t)) ? undefined : key;
  }
  if (key === '@context') {
    return jsonDifference(
      Array.isArray(actual) ? actual : [actual],
      Array.isArray(wanted) ? wanted : [wanted],
      key,
    );
  }
  if (DATE_MEMBERS.has(key) && typeof actual === 'string' && typeof wanted === 'string') {
    const a = dateTime(actual);
    const w = dateTime(wanted);
    if (a.ok && w.ok && a.ms !== undefined && a.ms === w.ms) return undefined;
  }
  return jsonDifference(actual, wanted, key);
}

/**
 * The members besides `id` of an `issuer` / `holder` object.
 * @param value - the member (a string gives none).
 * @returns a fresh object.
 */
export function signerExtrasOf(value: unknown): Record<string, unknown> {
  if (!isPlainObject(value)) return {};
  const extras: Record<string, unknown> = { ...value };
  delete extras.id;
  return extras;
}

/**
 * Checks that a credential's JSON form (minus `proof`) is the credential its JWT carries, as did-jwt-vc normalises a
 * VCDM 1.1 JWT (`vc` members, `iss`→`issuer`, `sub`→`credentialSubject.id`, `jti`→`id`, `nbf`→`issuanceDate`,
 * `exp`→`expirationDate`; other claims such as `iat` may be left out) or, for VCDM 2.0, the payload itself. Compared
 * structurally: member order is irrelevant and dates are compared as instants.
 * @param json - the JSON form (untrusted).
 * @param credential - the credential its `proof.jwt` carries.
 * @returns why they differ (naming the member), or `undefined` when the JSON form is the signed credential.
 */
export function credentialJsonMismatch(
  json: Readonly<Record<string, unknown>>,
  credential: ParsedCredential,
): string | undefined {
  const found = jsonFormDifference(json, credentialExpectation(credential));
  return found === undefined
    ? undefined
    : `the JSON form's ${found} differs from the credential its JWT carries (or is missing)`;
}

function credentialExpectation(credential: ParsedCredential): JsonFormExpectation {
  const payload = credential.jws.payload;
  const required: Record<string, unknown> = {};
  const optional: Record<string, unknown> = {};
  if (credential.dataModel === '1.1') {
    const vc = payload.vc as Record<string, unknown>;
    for (const [key, value] of Object.entries(vc)) if (!V1_DERIVED_MEMBERS.has(key)) required[key] = value;
    required.credentialSubject = credential.credentialSubject;
    required.issuanceDate = isoDate(credential.issuedAt);
    if (credential.validUntil !== undefined) required.expirationDate = isoDate(credential.validUntil);
    if (credential.id !== undefined) required.id = credential.id;
    for (const [key, value] of Object.entries(payload)) if (!V1_MAPPED_CLAIMS.has(key)) optional[key] = value;
    return {
      required,
      optional,
      signerMember: 'issuer',
      signer: credential.issuer,
      signerExtras: { ...signerExtrasOf(payload.issuer), ...signerExtrasOf(vc.issuer) },
    };
  }
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'issuer') continue;
    if (V2_JWT_CLAIMS.has(key)) optional[key] = value;
    else required[key] = value;
  }
  required.credentialSubject = credential.credentialSubject;
  return {
    required,
    optional,
    signerMember: 'issuer',
    signer: credential.issuer,
    signerExtras: signerExtrasOf(payload.issuer),
  };
}
