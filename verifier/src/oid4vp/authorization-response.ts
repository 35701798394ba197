import { ErrorCodes } from '@medtrust/core';
import { HttpError } from '../http/http-error.ts';
import { exceedsJsonDepth } from '../http/json-depth.ts';

/** A parsed `direct_post` authorization response. */
export type AuthorizationResponse =
  | {
      kind: 'presentation';
      /** The one verifiable presentation (compact JWT or JSON). */
      presentation: unknown;
      /** `presentation_submission` (Presentation Exchange drafts), when sent. */
      submission?: unknown;
      state?: string;
    }
  | { kind: 'error'; error: string; state?: string };

/**
 * An OAuth-style 400 for a malformed authorization response: `{error: 'invalid_request', error_description}` plus
 * medtrust's `{code, detail}`.
 * @param description - what is wrong (no presentation content).
 */
export function invalidAuthorizationResponse(description: string): HttpError {
  return new HttpError(400, ErrorCodes.INVALID_ARGUMENT, description, {
    error: 'invalid_request',
    error_description: description,
  });
}

function optionalField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidAuthorizationResponse(`${name} must be a single form field`);
  return value;
}

function parseJson(text: string, name: string, maxDepth: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidAuthorizationResponse(`${name} is not valid JSON`);
  }
  if (exceedsJsonDepth(value, maxDepth)) throw invalidAuthorizationResponse(`${name} nests too deeply`);
  return value;
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** The distinct presentations of a DCQL `vp_token` (`{credentialQueryId: presentation | presentation[]}`). */
function dcqlPresentations(token: Record<string, unknown>): unknown[] {
  const seen = new Map<string, unknown>();
  for (const entry of Object.values(token)) {
    for (const presentation of Array.isArray(entry) ? entry : [entry]) {
      if (typeof presentation !== 'string' && (typeof presentation !== 'object' || presentation === null)) {
        throw invalidAuthorizationResponse('every vp_token entry must be a presentation');
      }
      seen.set(typeof presentation === 'string' ? presentation : JSON.stringify(presentation), presentation);
    }
  }
  return [...seen.values()];
}

/**
 * Parses the form fields of an OID4VP `direct_post` to the `response_uri`. Accepted shapes:
 * - OID4VP 1.0 (DCQL): `vp_token` = JSON object keyed by credential query id, each value a presentation or a list
 *   of presentations. medtrust asks for one presentation carrying every requested credential, so all entries must
 *   be that same presentation.
 * - Presentation Exchange drafts: `vp_token` (a compact JWT, a JSON presentation or a one-element list) and
 *   `presentation_submission` (JSON).
 * - A wallet error: `error` (+ `error_description`).
 * @param body - the parsed form (flat string fields).
 * @param maxDepth - deepest accepted JSON nesting inside the fields.
 * @returns the response.
 * @throws HttpError 400 (`invalid_request`) when the fields are malformed.
 */
export function parseAuthorizationResponse(body: unknown, maxDepth: number): AuthorizationResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidAuthorizationResponse('send the response as application/x-www-form-urlencoded fields');
  }
  const fields = body as Record<string, unknown>;
  const state = optionalField(fields, 'state');
  const error = optionalField(fields, 'error');
  if (error !== undefined) return { kind: 'error', error, ...(state === undefined ? {} : { state }) };

  const vpToken = optionalField(fields, 'vp_token');
  if (vpToken === undefined || vpToken.trim() === '')
    throw invalidAuthorizationResponse('vp_token is required');
  const submissionText = optionalField(fields, 'presentation_submission');
  const submission =
    submissionText === undefined ? undefined : parseJson(submissionText, 'presentation_submission', maxDepth);
  const token = looksLikeJson(vpToken) ? parseJson(vpToken, 'vp_token', maxDepth) : vpToken.trim();

  let presentations: unknown[];
  if (typeof token === 'string') presentations = [token];
  else if (Array.isArray(token)) presentations = token;
  else if (submission === undefined && !('@context' in (token as object)) && !('type' in (token as object))) {
    presentations = dcqlPresentations(token as Record<string, unknown>);
  } else presentations = [token];

  if (presentations.length !== 1) {
    throw invalidAuthorizationResponse('send one presentation carrying every requested credential');
  }
  return {
    kind: 'presentation',
    presentation: presentations[0],
    ...(submission === undefined ? {} : { submission }),
    ...(state === undefined ? {} : { state }),
  };
}
