import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { OperationCancelled, ToolGatewayUnavailable } from '../../application/ports/errors.js';
import type { ToolGateway, ToolOutcome } from '../../application/ports/tool-gateway.js';
import type { ToolSpec } from '../../domain/tools.js';
import { raceAbort } from './abortable.js';
import type { RetryPolicy } from './authorized-fetch.js';
import { fixedClientSource, type McpClientSource } from './mcp-client-source.js';
import { RemoteMcpConnection } from './remote-mcp-connection.js';
import type { TokenProvider } from './token-provider.js';

export interface McpToolGatewayOptions {
  /** Deadline for the whole `list`, across all its pages (and the connection, if one is made). */
  readonly listTimeoutMs: number;
  /** Deadline for one tool call (and the connection, if one is made). */
  readonly callTimeoutMs: number;
  /** How long a successful `tools/list` is reused; 0 (the default) lists every time. */
  readonly listTtlMs?: number;
}

export interface RemoteMcpToolGatewayOptions extends McpToolGatewayOptions {
  readonly url: string | URL;
  readonly tokens: TokenProvider;
  readonly retry: RetryPolicy;
  /** Deadline for the `initialize` handshake; defaults to `listTimeoutMs`. */
  readonly connectTimeoutMs?: number;
}

const MAX_PAGES = 50;

// Protocol errors that mean "this tool or these arguments are wrong", not "the gateway is down":
// servers report unknown tools and invalid arguments as errors as well as `isError` results, and
// the client refuses task-only tools with InvalidRequest.
const TOOL_REJECTIONS: ReadonlySet<number> = new Set([ErrorCode.InvalidParams, ErrorCode.MethodNotFound, ErrorCode.InvalidRequest]);

/**
 * A ToolGateway over an MCP client: in-process to the demo server (a connected `Client`, which
 * the caller closes), or Streamable HTTP to an AgentCore Gateway (`McpToolGateway.remote`, which
 * connects lazily and is released with `close`).
 */
export class McpToolGateway implements ToolGateway {
  private readonly source: McpClientSource;
  private cache: { readonly specs: readonly ToolSpec[]; readonly until: number } | undefined;
  private listing: Promise<readonly ToolSpec[]> | undefined;

  constructor(client: Client | McpClientSource, private readonly options: McpToolGatewayOptions) {
    this.source = client instanceof Client ? fixedClientSource(client) : client;
  }

  /** A gateway over Streamable HTTP with a bearer token. Nothing connects until the first call. */
  static remote(options: RemoteMcpToolGatewayOptions): McpToolGateway {
    const connection = new RemoteMcpConnection({
      url: options.url, tokens: options.tokens, retry: options.retry, connectTimeoutMs: options.connectTimeoutMs ?? options.listTimeoutMs,
    });
    return new McpToolGateway(connection, options);
  }

  async list(signal: AbortSignal): Promise<readonly ToolSpec[]> {
    if (signal.aborted) throw new OperationCancelled('MCP tools/list cancelled', { cause: signal.reason });
    if (this.cache && Date.now() < this.cache.until) return this.cache.specs;
    // Concurrent callers share one listing, bounded by its own deadline; each stops waiting on its own.
    this.listing ??= this.listAll().finally(() => { this.listing = undefined; });
    try {
      return await raceAbort(this.listing, signal);
    } catch (error) {
      if (signal.aborted) throw new OperationCancelled('MCP tools/list cancelled', { cause: error });
      throw error;
    }
  }

  async call(name: string, args: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<ToolOutcome> {
    let result: Awaited<ReturnType<Client['callTool']>>;
    try {
      result = await this.guard(`tool ${name}`, signal, this.options.callTimeoutMs, (client, timeout, callSignal) =>
        client.callTool({ name, arguments: { ...args } }, undefined, { signal: callSignal, timeout }));
    } catch (error) {
      if (error instanceof ToolRejected) return { kind: 'tool_error', message: error.message };
      throw error;
    }
    const content: unknown[] = Array.isArray(result['content']) ? result['content'] : [];
    const text = content.map(textOf).filter((t) => t.length > 0).join('\n');
    if (result['isError'] === true) return { kind: 'tool_error', message: oneLine(text) || `${name} failed without a message` };
    return { kind: 'ok', text };
  }

  /** Releases a remote connection; an embedded client stays with whoever connected it. */
  close(): Promise<void> {
    return this.source.close();
  }

  private async listAll(): Promise<readonly ToolSpec[]> {
    const { listTimeoutMs } = this.options;
    // Shared by every waiting caller, so bound by the deadline alone, not by one caller's signal.
    const signal = new AbortController().signal;
    const deadline = Date.now() + listTimeoutMs;
    const specs = new Map<string, ToolSpec>();
    const seenCursors = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ToolGatewayUnavailable(`MCP tools/list did not finish within ${listTimeoutMs} ms`);
      const result = await this.guard('tools/list', signal, remaining, (client, timeout) =>
        client.listTools(cursor === undefined ? undefined : { cursor }, { timeout }))
        .catch((error: unknown) => {
          // Listing has no tool to blame: a refused tools/list is a gateway answering outside its protocol.
          throw error instanceof ToolRejected ? new ToolGatewayUnavailable(`MCP tools/list refused: ${error.message}`, { cause: error.cause }) : error;
        });
      for (const tool of result.tools) {
        if (!specs.has(tool.name)) specs.set(tool.name, { name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema });
      }
      // A gateway that hands back a cursor it already gave would page forever.
      if (result.nextCursor === undefined || seenCursors.has(result.nextCursor)) break;
      seenCursors.add(result.nextCursor);
      cursor = result.nextCursor;
    }
    const listed = [...specs.values()];
    // Only a complete listing is cached: after a failure the next caller lists again.
    if ((this.options.listTtlMs ?? 0) > 0) this.cache = { specs: listed, until: Date.now() + (this.options.listTtlMs ?? 0) };
    return listed;
  }

  /**
   * Gets a client and runs `op` within `timeoutMs`, translating the SDK's failures once:
   * cancelled, rejected tool, or gateway unavailable. A failure the connection may not survive is
   * reported to the source, and an expired session (404) is retried once on a new one.
   */
  private async guard<T>(what: string, signal: AbortSignal, timeoutMs: number, op: (client: Client, timeoutMs: number, callSignal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal.aborted) throw new OperationCancelled(`MCP ${what} cancelled`, { cause: signal.reason });
    const deadline = Date.now() + timeoutMs;
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    for (let attempt = 0; ; attempt += 1) {
      let client: Client | undefined;
      // The SDK adds an abort listener to the signal it is given and never removes it; on the
      // caller's long-lived signal (the specialist's, alive for its whole deadline) that listener
      // kept every result, a 20 MB tool output included, in memory until the deadline (found by
      // test/int/faults-tools). It gets a per-attempt signal instead, unhooked when the call ends.
      const call = new AbortController();
      const forward = (): void => call.abort(signal.reason);
      signal.addEventListener('abort', forward, { once: true });
      try {
        client = await this.source.client(bounded);
        return await op(client, Math.max(1, deadline - Date.now()), call.signal);
      } catch (error) {
        if (signal.aborted) throw new OperationCancelled(`MCP ${what} cancelled`, { cause: error });
        if (error instanceof McpError && TOOL_REJECTIONS.has(error.code)) throw new ToolRejected(oneLine(error.message), { cause: error });
        if (client && breaksConnection(error)) this.source.failed(client, error);
        if (attempt === 0 && client && error instanceof StreamableHTTPError && error.code === 404 && !bounded.aborted) continue;
        const reason = isTimeout(error) || bounded.aborted ? 'timed out' : 'failed';
        const status = httpStatusOf(error);
        const detail = oneLine(error instanceof Error ? error.message : String(error));
        throw new ToolGatewayUnavailable(`MCP ${what} ${reason}${status ? ` (HTTP ${status})` : ''}: ${detail}`, { cause: error });
      } finally {
        signal.removeEventListener('abort', forward);
      }
    }
  }
}

/** Internal: a protocol error that is the tool's fault, turned into a `tool_error` by `call`. */
class ToolRejected extends Error {
  override readonly name = 'ToolRejected';
}

/** Anything but an answer in the protocol (or our own deadline) may mean the connection is gone. */
function breaksConnection(error: unknown): boolean {
  if (error instanceof McpError) return error.code === ErrorCode.ConnectionClosed;
  return !isTimeout(error);
}

/** Our deadline, the SDK's request timeout or the handshake's, however deep in the causes. */
function isTimeout(error: unknown): boolean {
  return causes(error).some((e) => (e instanceof McpError && e.code === ErrorCode.RequestTimeout) || (e instanceof Error && e.name === 'TimeoutError'));
}

/** The status the gateway answered with, when the transport gave up on one (401, 503, …). */
function httpStatusOf(error: unknown): number | undefined {
  const http = causes(error).find((e): e is StreamableHTTPError => e instanceof StreamableHTTPError && (e.code ?? 0) > 0);
  return http?.code;
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && chain.length < 5; e = e instanceof Error ? e.cause : undefined) chain.push(e);
  return chain;
}

function textOf(block: unknown): string {
  if (typeof block !== 'object' || block === null) return '';
  const { type, text } = block as { type?: unknown; text?: unknown };
  if (type === 'text' && typeof text === 'string') return text;
  // The model cannot see images or binary resources: it is told they were there.
  return typeof type === 'string' ? `[${type} content omitted]` : '';
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, '; ').trim();
