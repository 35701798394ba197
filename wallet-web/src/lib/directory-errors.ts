/**
 * Failed directory look-ups in plain language: rate limited (429 `RATE_LIMITED`), not listed (404 `NOT_FOUND`), a
 * bad value (400 `INVALID_ARGUMENT`), the service unreachable or failing.
 */
import { ApiError, errorMessage } from './api-error.ts';

/** A 429 answer, with the wait the server asked for (`Retry-After`), when it said. */
export class RateLimitedError extends ApiError {
  /**
   * @param detail - the server's explanation.
   * @param retryAfterSeconds - seconds to wait, when the server said.
   */
  constructor(
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(429, 'RATE_LIMITED', detail);
    this.name = 'RateLimitedError';
  }
}

/**
 * Reads a `Retry-After` header.
 * @param value - the header (seconds, or an HTTP date).
 * @param now - the clock.
 * @returns whole seconds to wait, or undefined when absent or unreadable.
 */
export function retryAfterSeconds(value: string | null, now: Date = new Date()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** What was being looked up, for the wording of "not found". */
export type LookupSubject = 'search' | 'profile' | 'batch';

/** A failure explained: a title and a sentence. */
export interface LookupFailure {
  title: string;
  text: string;
  /** Whether trying again later may help. */
  retry: boolean;
}

const NOT_FOUND: Record<LookupSubject, string> = {
  search: 'Nothing is listed for this search.',
  profile:
    'The directory lists no doctor, hospital or supplier with this identifier. Check the address, or search by name.',
  batch:
    'The directory lists no batch with this GTIN and lot. Check both against the pack: an unlisted batch has not been published by its manufacturer.',
};

const PARAMETERS: Record<string, string> = {
  '/q': 'the search words',
  '/kind': 'the kind',
  '/jurisdiction': 'the jurisdiction',
  '/gtin': 'the GTIN',
  '/lot': 'the lot',
  '/did': 'the identifier (DID)',
  '/batchId': 'the batch identifier',
};

function waitText(seconds: number | undefined): string {
  if (seconds === undefined || seconds <= 0) return 'Wait a minute';
  if (seconds < 60) return `Wait ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `Wait ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * Explains a failed look-up to someone who is not an engineer.
 * @param error - what the API call threw.
 * @param subject - what was looked up.
 * @returns title, sentence and whether to offer a retry.
 */
export function describeLookupFailure(error: unknown, subject: LookupSubject): LookupFailure {
  if (error instanceof ApiError) {
    if (error.status === 429 || error.code === 'RATE_LIMITED') {
      const seconds = error instanceof RateLimitedError ? error.retryAfterSeconds : undefined;
      return {
        title: 'Too many look-ups for now',
        text:
          'The directory answers a limited number of look-ups per minute from each connection, to stay ' +
          `available to everyone. Nothing is wrong with your search. ${waitText(seconds)}, then try again.`,
        retry: true,
      };
    }
    if (error.status === 404) return { title: 'Not found', text: NOT_FOUND[subject], retry: false };
    if (error.status === 400 && error.code === 'INVALID_ARGUMENT') {
      const field = error.pointer === undefined ? undefined : PARAMETERS[error.pointer];
      return {
        title: 'This cannot be looked up',
        text: field === undefined ? `${error.detail}.` : `Check ${field}: ${error.detail}.`,
        retry: false,
      };
    }
    if (error.status === 0 || error.status === 502 || error.status === 504) {
      return {
        title: 'The directory cannot be reached',
        text: 'The directory did not answer. Check your connection and try again.',
        retry: true,
      };
    }
    if (error.status >= 500) {
      return {
        title: 'The directory failed',
        text: 'The directory could not answer just now. Try again in a moment.',
        retry: true,
      };
    }
  }
  return { title: 'The look-up failed', text: errorMessage(error), retry: true };
}
