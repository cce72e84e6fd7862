import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { OperationCancelled, ToolGatewayUnavailable } from '../../application/ports/errors.js';
import type { ToolGateway, ToolOutcome } from '../../application/ports/tool-gateway.js';
import type { ToolSpec } from '../../domain/tools.js';

export interface McpToolGatewayOptions {
  /** Deadline for the whole `list`, across all its pages. */
  readonly listTimeoutMs: number;
  /** Deadline for one tool call. */
  readonly callTimeoutMs: number;
}

const MAX_PAGES = 50;

// Protocol errors that mean "this tool or these arguments are wrong", not "the gateway is down":
// servers report unknown tools and invalid arguments as errors as well as `isError` results, and
// the client refuses task-only tools with InvalidRequest.
const TOOL_REJECTIONS: ReadonlySet<number> = new Set([ErrorCode.InvalidParams, ErrorCode.MethodNotFound, ErrorCode.InvalidRequest]);

/**
 * A ToolGateway over an MCP client: in-process to the demo server, or Streamable HTTP to an
 * AgentCore Gateway. The client is built and connected by the caller, which also closes it.
 */
export class McpToolGateway implements ToolGateway {
  constructor(private readonly client: Client, private readonly options: McpToolGatewayOptions) {}

  async list(signal: AbortSignal): Promise<readonly ToolSpec[]> {
    const deadline = Date.now() + this.options.listTimeoutMs;
    const specs = new Map<string, ToolSpec>();
    const seenCursors = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ToolGatewayUnavailable(`MCP tools/list did not finish within ${this.options.listTimeoutMs} ms`);
      const result = await this.guard('tools/list', signal, () =>
        this.client.listTools(cursor === undefined ? undefined : { cursor }, { signal, timeout: remaining }))
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
    return [...specs.values()];
  }

  async call(name: string, args: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<ToolOutcome> {
    let result: Awaited<ReturnType<Client['callTool']>>;
    try {
      result = await this.guard(`tool ${name}`, signal, () =>
        this.client.callTool({ name, arguments: { ...args } }, undefined, { signal, timeout: this.options.callTimeoutMs }));
    } catch (error) {
      if (error instanceof ToolRejected) return { kind: 'tool_error', message: error.message };
      throw error;
    }
    const content: unknown[] = Array.isArray(result['content']) ? result['content'] : [];
    const text = content.map(textOf).filter((t) => t.length > 0).join('\n');
    if (result['isError'] === true) return { kind: 'tool_error', message: oneLine(text) || `${name} failed without a message` };
    return { kind: 'ok', text };
  }

  /** Translates the SDK's failures once: cancelled, rejected tool, or gateway unavailable. */
  private async guard<T>(what: string, signal: AbortSignal, op: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw new OperationCancelled(`MCP ${what} cancelled`, { cause: signal.reason });
    try {
      return await op();
    } catch (error) {
      // The SDK reports an abort as AbortError or as an McpError RequestTimeout carrying the reason.
      if (signal.aborted) throw new OperationCancelled(`MCP ${what} cancelled`, { cause: error });
      if (error instanceof McpError && TOOL_REJECTIONS.has(error.code)) throw new ToolRejected(oneLine(error.message), { cause: error });
      const reason = error instanceof McpError && error.code === ErrorCode.RequestTimeout ? 'timed out' : 'failed';
      throw new ToolGatewayUnavailable(`MCP ${what} ${reason}: ${oneLine(error instanceof Error ? error.message : String(error))}`, { cause: error });
    }
  }
}

/** Internal: a protocol error that is the tool's fault, turned into a `tool_error` by `call`. */
class ToolRejected extends Error {
  override readonly name = 'ToolRejected';
}

function textOf(block: unknown): string {
  if (typeof block !== 'object' || block === null) return '';
  const { type, text } = block as { type?: unknown; text?: unknown };
  if (type === 'text' && typeof text === 'string') return text;
  // The model cannot see images or binary resources: it is told they were there.
  return typeof type === 'string' ? `[${type} content omitted]` : '';
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, '; ').trim();
