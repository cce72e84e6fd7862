import type { ToolSpec } from '../../domain/tools.js';

export type ToolOutcome =
  | { readonly kind: 'ok'; readonly text: string }
  /** The tool ran and failed (bad arguments, not found, backend error): a value, not an exception. */
  | { readonly kind: 'tool_error'; readonly message: string };

/**
 * The tools the specialists may call (an MCP server, an AgentCore Gateway).
 *
 * `list` and `call` reject with `OperationCancelled` when `signal` aborts and with
 * `ToolGatewayUnavailable` only when the gateway itself cannot be reached or answers outside
 * its protocol. An unknown tool, invalid arguments or a failing tool resolve as `tool_error`.
 */
export interface ToolGateway {
  list(signal: AbortSignal): Promise<readonly ToolSpec[]>;
  call(name: string, args: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<ToolOutcome>;
}
