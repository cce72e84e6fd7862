import { sleep } from './abortable.js';
import type { FetchLike } from './client-credentials-token-provider.js';
import type { TokenProvider } from './token-provider.js';

export interface RetryPolicy {
  /** Attempts after the first for a 429, 502, 503, 504 or a network error. */
  readonly retries: number;
  /** The first backoff; each retry doubles it, with full jitter. */
  readonly baseDelayMs?: number;
  /** Cap on one wait, `Retry-After` included. */
  readonly maxDelayMs?: number;
}

export interface AuthorizedFetchOptions {
  readonly tokens: TokenProvider;
  readonly retry: RetryPolicy;
  readonly fetch?: FetchLike;
  readonly random?: () => number;
}

const RETRYABLE: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * A fetch for the MCP client transport that adds `Authorization: Bearer <token>` to every request,
 * retries throttling, gateway errors and network failures with jittered exponential backoff
 * (honouring `Retry-After`), and on a 401 asks the provider for a fresh token and tries once more.
 * The last response (or network error) is handed back for the transport to report.
 */
export function authorizedFetch(options: AuthorizedFetchOptions): FetchLike {
  const base = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  const { retries, baseDelayMs = 250, maxDelayMs = 5_000 } = options.retry;
  const never = new AbortController().signal;

  return async (url, init) => {
    const signal = init?.signal ?? never;
    let refreshed = false;
    for (let attempt = 0; ; attempt += 1) {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${await options.tokens.token(signal)}`);
      let response: Response;
      try {
        response = await base(url, { ...init, headers });
      } catch (error) {
        if (signal.aborted || attempt >= retries) throw error;
        await sleep(backoff(attempt), signal);
        continue;
      }
      if (response.status === 401 && !refreshed) {
        // The token may have been revoked or rotated early: one more try with a fresh one.
        refreshed = true;
        options.tokens.invalidate();
        await response.body?.cancel();
        attempt -= 1;
        continue;
      }
      if (!RETRYABLE.has(response.status) || attempt >= retries) return response;
      const wait = Math.max(backoff(attempt), Math.min(retryAfterMs(response.headers.get('retry-after')), maxDelayMs));
      await response.body?.cancel();
      await sleep(wait, signal);
    }
  };

  function backoff(attempt: number): number {
    return Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
  }
}

/** `Retry-After` as delay-seconds or an HTTP date; 0 when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === '') return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 0 : Math.max(0, date - now);
}
