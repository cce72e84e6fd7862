import { raceAbort } from './abortable.js';
import type { TokenProvider } from './token-provider.js';

export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

export interface ClientCredentialsOptions {
  /** The OAuth2 token endpoint, e.g. Cognito's `https://<domain>.auth.<region>.amazoncognito.com/oauth2/token`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Space-separated scopes; omitted from the request when absent. */
  readonly scope?: string | undefined;
  /** A token is refreshed this long before it expires. */
  readonly refreshSkewMs?: number;
  /** Deadline for one token request. */
  readonly requestTimeoutMs?: number;
  readonly fetch?: FetchLike;
  readonly now?: () => number;
}

/** Used when the endpoint does not say how long its token lives. */
const DEFAULT_LIFETIME_S = 3600;

/**
 * OAuth2 client credentials (RFC 6749 §4.4) as Cognito issues them to machine clients: a form
 * POST with `grant_type=client_credentials` and HTTP Basic client authentication. The token is
 * cached until `expires_in - refreshSkewMs`; concurrent callers share one request.
 */
export class ClientCredentialsTokenProvider implements TokenProvider {
  private cached: { readonly token: string; readonly refreshAt: number } | undefined;
  private refreshing: Promise<string> | undefined;
  private readonly fetch: FetchLike;
  private readonly now: () => number;

  constructor(private readonly options: ClientCredentialsOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
  }

  async token(signal: AbortSignal): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return cached.token;
    // The shared request is not tied to one caller's signal: each caller stops waiting on its own.
    this.refreshing ??= this.request().finally(() => { this.refreshing = undefined; });
    return raceAbort(this.refreshing, signal);
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async request(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.options;
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) body.set('scope', scope);
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    let response: Response;
    try {
      response = await this.fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
        body: body.toString(),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new Error(`OAuth token endpoint ${tokenUrl} unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const payload = await response.json().catch(() => undefined) as { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
    if (!response.ok) {
      // The endpoint's `error` code (`invalid_client`, …) helps; its other fields might echo the request.
      const code = typeof payload?.error === 'string' ? ` (${payload.error.slice(0, 100)})` : '';
      throw new Error(`OAuth token endpoint ${tokenUrl} answered ${response.status}${code}`);
    }
    if (typeof payload?.access_token !== 'string' || payload.access_token === '') {
      throw new Error(`OAuth token endpoint ${tokenUrl} answered ${response.status} without an access_token`);
    }
    const seconds = Number(payload.expires_in);
    const lifetimeS = Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_LIFETIME_S;
    this.cached = { token: payload.access_token, refreshAt: this.now() + lifetimeS * 1000 - (this.options.refreshSkewMs ?? 60_000) };
    return payload.access_token;
  }
}
