/**
 * A minimal JSON-RPC client for the benchmarks' chain set-up: batched calls (one HTTP request per array), so tens of
 * thousands of transactions reach anvil in seconds. Set-up only, never on a measured path.
 */

/** One JSON-RPC call. */
export interface RpcCall {
  method: string;
  params: readonly unknown[];
}

/** Batched JSON-RPC over HTTP. */
export class JsonRpc {
  #id = 1;

  /**
   * @param url - the node's endpoint.
   */
  constructor(readonly url: string) {}

  /**
   * @param method - the method.
   * @param params - its parameters.
   * @returns the result.
   * @throws Error when the node answers with an error.
   */
  async call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }]);
    return result as T;
  }

  /**
   * Sends the calls in chunks of `chunk` per HTTP request (sequentially, in order).
   * @param calls - the calls.
   * @param chunk - calls per request.
   * @returns the results, in order.
   * @throws Error naming the first call that failed.
   */
  async batch<T = unknown>(calls: readonly RpcCall[], chunk = 1000): Promise<T[]> {
    const results: T[] = [];
    for (let start = 0; start < calls.length; start += chunk) {
      const slice = calls.slice(start, start + chunk);
      const body = slice.map((call) => ({ jsonrpc: '2.0', id: this.#id++, ...call }));
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answers = (await response.json()) as Array<{
        id: number;
        result?: T;
        error?: { message: string };
      }>;
      const byId = new Map(answers.map((answer) => [answer.id, answer]));
      for (const [i, request] of body.entries()) {
        const answer = byId.get(request.id);
        if (answer === undefined || answer.error !== undefined) {
          throw new Error(
            `${slice[i]!.method} failed: ${answer?.error?.message ?? 'no answer'} (call ${start + i})`,
          );
        }
        results.push(answer.result as T);
      }
    }
    return results;
  }
}
