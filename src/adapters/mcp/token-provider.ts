/**
 * Where the bearer token for a remote MCP gateway comes from. `token` may fetch or read one and
 * rejects with an Error naming the source (never the secret) when it cannot; `invalidate` is
 * called when the gateway refused the last token, so that the next `token` gets a fresh one.
 */
export interface TokenProvider {
  token(signal: AbortSignal): Promise<string>;
  invalidate(): void;
}

/** A fixed token (`MCP_TOKEN`): nothing to refresh, so a refused token stays refused. */
export class StaticTokenProvider implements TokenProvider {
  constructor(private readonly value: string) {
    if (value.trim() === '') throw new Error('The MCP token is empty');
  }

  async token(): Promise<string> {
    return this.value.trim();
  }

  invalidate(): void {}
}
