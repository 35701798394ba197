// HTTP helpers of the end-to-end tests: JSON calls with a bearer key, and a revocation waited for until the issuer's
// status publisher has it confirmed on-chain.
import assert from 'node:assert/strict';

/** A parsed JSON answer. */
export type Json = Record<string, unknown>;

/**
 * Calls an HTTP API with JSON and an optional bearer key.
 * @param url - the URL.
 * @param method - the HTTP method.
 * @param body - a JSON body, if any.
 * @param key - an API key or session token, if any.
 * @returns the status and the parsed body (`{}` when empty).
 */
export async function callJson(
  url: string,
  method: string,
  body?: unknown,
  key?: string,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Json) };
}

/**
 * Revokes a credential (asserting 202) and waits until the change is confirmed on-chain.
 * @param issuerUrl - the issuer service.
 * @param key - an operator's API key of the credential's organisation.
 * @param id - the credential id.
 * @param reason - the reason recorded.
 * @returns the block the revocation landed in.
 * @throws Error when it is not confirmed within a minute.
 */
export async function revokeConfirmed(
  issuerUrl: string,
  key: string,
  id: string,
  reason: string,
): Promise<number> {
  const path = `${issuerUrl}/credentials/${encodeURIComponent(id)}`;
  const answer = await callJson(`${path}/revoke`, 'POST', { reason }, key);
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  for (let i = 0; i < 240; i++) {
    const status = await callJson(`${path}/status`, 'GET', undefined, key);
    const changes = status.body.changes as Array<{ state: string; blockNumber: number | null }>;
    const confirmed = changes.find((c) => c.state === 'confirmed');
    if (confirmed) return Number(confirmed.blockNumber);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the revocation of ${id} was not confirmed on-chain`);
}
