import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

/**
 * Where McpToolGateway gets a connected MCP client: a fixed one the caller connected, or a lazy
 * remote connection that connects on first use and again after a failure.
 */
export interface McpClientSource {
  /** A connected client; rejects when none can be had (the caller's signal included). */
  client(signal: AbortSignal): Promise<Client>;
  /** `client` failed in a way its connection may not survive: the next `client` connects anew. */
  failed(client: Client, error: unknown): void;
  /** Releases what the source owns. */
  close(): Promise<void>;
}

/** A client built and connected by the caller, which also closes it. */
export function fixedClientSource(client: Client): McpClientSource {
  return {
    client: async () => client,
    failed: () => {},
    close: async () => {},
  };
}
