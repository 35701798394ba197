import { ErrorCodes } from '@medtrust/core';
import { HttpError } from './http-error.ts';

/** What a verification request asks to verify. */
export interface VerificationInput {
  /** `credential` / `presentation` when the request says so, `auto` when the verifier must detect it. */
  kind: 'credential' | 'presentation' | 'auto';
  /** A compact JWT or a JSON credential / presentation. */
  document: string | Record<string, unknown>;
  /** The request's `options` member (parsed separately). */
  options: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function document(value: unknown, pointer: string): string | Record<string, unknown> {
  if ((typeof value === 'string' && value.trim().length > 0) || isObject(value)) {
    return typeof value === 'string' ? value.trim() : value;
  }
  throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, `${pointer} must be a compact JWT or a JSON object`, {
    pointer,
  });
}

/**
 * Reads the body of `POST /verify`: a compact JWT (a JSON string, or an `application/jwt` / `text/plain` body),
 * `{verifiableCredential, options?}`, `{verifiablePresentation, options?}`, or a credential / presentation in JSON
 * form (for example with a `JwtProof2020` proof) sent as is.
 * @param body - the parsed body.
 * @returns what to verify.
 * @throws HttpError 400 `INVALID_ARGUMENT` when the body is none of these.
 */
export function parseVerificationBody(body: unknown): VerificationInput {
  if (typeof body === 'string') return { kind: 'auto', document: document(body, '/'), options: undefined };
  if (!isObject(body)) {
    throw new HttpError(
      400,
      ErrorCodes.INVALID_ARGUMENT,
      'send a compact JWT, {verifiableCredential}, {verifiablePresentation} or a JSON credential or presentation',
    );
  }
  if (body.verifiableCredential !== undefined && body.verifiablePresentation !== undefined) {
    throw new HttpError(
      400,
      ErrorCodes.INVALID_ARGUMENT,
      'send either verifiableCredential or verifiablePresentation, not both',
    );
  }
  if (body.verifiableCredential !== undefined) {
    return {
      kind: 'credential',
      document: document(body.verifiableCredential, '/verifiableCredential'),
      options: body.options,
    };
  }
  if (body.verifiablePresentation !== undefined) {
    return {
      kind: 'presentation',
      document: document(body.verifiablePresentation, '/verifiablePresentation'),
      options: body.options,
    };
  }
  if (body.type !== undefined || body.proof !== undefined || body['@context'] !== undefined) {
    const { options, ...rest } = body;
    return { kind: 'auto', document: rest, options };
  }
  throw new HttpError(
    400,
    ErrorCodes.INVALID_ARGUMENT,
    'send a compact JWT, {verifiableCredential}, {verifiablePresentation} or a JSON credential or presentation',
  );
}

/**
 * Reads the body of a W3C VC-API verify route: `{verifiableCredential | verifiablePresentation, options?}`.
 * @param body - the parsed body.
 * @param member - which member the route requires.
 * @returns the document and options.
 * @throws HttpError 400 `INVALID_ARGUMENT` when the member is missing or malformed.
 */
export function parseVcApiBody(
  body: unknown,
  member: 'verifiableCredential' | 'verifiablePresentation',
): VerificationInput {
  if (!isObject(body)) {
    throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, 'the body must be a JSON object', { pointer: '/' });
  }
  if (body[member] === undefined) {
    throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, `${member} is required`, { pointer: `/${member}` });
  }
  return {
    kind: member === 'verifiableCredential' ? 'credential' : 'presentation',
    document: document(body[member], `/${member}`),
    options: body.options,
  };
}
