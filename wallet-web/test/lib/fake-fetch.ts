// A fetch stand-in for the protocol clients' tests: routes by method and URL, records every call.
import type { FetchLike } from '../../src/lib/fetch-json.ts';

/** One recorded call. */
export interface RecordedCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A route answer: status and body (JSON-encoded unless a string). */
export type Answer = { status?: number; body?: unknown; contentType?: string };

/**
 * A fake fetch answering from a table of `METHOD url` keys.
 * @param routes - answers (or functions of the call) by `METHOD url`.
 * @returns the fetch and the calls it received.
 */
export function fakeFetch(routes: Record<string, Answer | ((call: RecordedCall) => Answer)>): {
  fetch: FetchLike;
  calls: RecordedCall[];
} {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = async (url, init = {}) => {
    const call: RecordedCall = {
      method: init.method ?? 'GET',
      url,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    calls.push(call);
    const route = routes[`${call.method} ${url}`];
    if (!route) return new Response(JSON.stringify({ error: 'not_found' }), { status: 404 });
    const answer = typeof route === 'function' ? route(call) : route;
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
    return new Response(text, {
      status: answer.status ?? 200,
      headers: { 'content-type': answer.contentType ?? 'application/json' },
    });
  };
  return { fetch, calls };
}
