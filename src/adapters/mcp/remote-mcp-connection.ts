import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { raceAbort } from './abortable.js';
import { authorizedFetch, type RetryPolicy } from './authorized-fetch.js';
import type { FetchLike } from './client-credentials-token-provider.js';
import type { McpClientSource } from './mcp-client-source.js';
import type { TokenProvider } from './token-provider.js';

export interface RemoteMcpConnectionOptions {
  /** The gateway's MCP endpoint, e.g. `https://<id>.gateway.bedrock-agentcore.<region>.amazonaws.com/mcp`. */
  readonly url: string | URL;
  readonly tokens: TokenProvider;
  readonly retry: RetryPolicy;
  /** Deadline for the `initialize` handshake. */
  readonly connectTimeoutMs: number;
  readonly clientInfo?: { readonly name: string; readonly version: string };
  /** The fetch under the bearer token and the retries (tests, proxies). */
  readonly fetch?: FetchLike;
}

/**
 * A lazy MCP client over Streamable HTTP. Nothing happens at construction, so the runtime starts
 * (and answers /ping) with the gateway down; the first `client` connects, concurrent callers share
 * that handshake, and after a failed handshake or a `failed` report the next `client` connects
 * again instead of staying dead.
 */
export class RemoteMcpConnection implements McpClientSource {
  private connecting: Promise<Client> | undefined;
  private current: Client | undefined;
  private closed = false;
  private readonly fetch: FetchLike;

  constructor(private readonly options: RemoteMcpConnectionOptions) {
    this.fetch = authorizedFetch({ tokens: options.tokens, retry: options.retry, ...(options.fetch ? { fetch: options.fetch } : {}) });
  }

  client(signal: AbortSignal): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('The MCP connection is closed'));
    // The shared handshake has its own deadline, so one caller's abort does not fail the others.
    this.connecting ??= this.connect();
    return raceAbort(this.connecting, signal);
  }

  failed(client: Client): void {
    if (this.current !== client) return;
    this.forget();
    void client.close().catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.current;
    this.forget();
    await client?.close().catch(() => {});
  }

  private async connect(): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(this.options.url), { fetch: this.fetch });
    const client = new Client(this.options.clientInfo ?? { name: 'sre-agent', version: '0.1.0' });
    try {
      await client.connect(transport, { timeout: this.options.connectTimeoutMs });
    } catch (error) {
      this.connecting = undefined;
      await client.close().catch(() => {});
      throw new Error(`MCP gateway ${this.options.url} connect failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (this.closed) {
      await client.close().catch(() => {});
      throw new Error('The MCP connection is closed');
    }
    // A transport that closes on its own (session ended) is replaced on the next call.
    client.onclose = () => { if (this.current === client) this.forget(); };
    this.current = client;
    return client;
  }

  private forget(): void {
    this.current = undefined;
    this.connecting = undefined;
  }
}
