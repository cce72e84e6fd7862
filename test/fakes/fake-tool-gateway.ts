import { OperationCancelled } from '../../src/application/ports/errors.js';
import type { ToolGateway, ToolOutcome } from '../../src/application/ports/tool-gateway.js';
import type { ToolSpec } from '../../src/domain/tools.js';

export type FakeToolHandler = (args: Readonly<Record<string, unknown>>, signal: AbortSignal) => ToolOutcome | Promise<ToolOutcome>;

/**
 * A ToolGateway over handlers a test supplies. Unknown tool names resolve as `tool_error` (the
 * port's contract); a listed tool without a handler throws, because the test under-specified.
 */
export class FakeToolGateway implements ToolGateway {
  readonly calls: { name: string; args: Readonly<Record<string, unknown>> }[] = [];
  private readonly specs: ToolSpec[];

  constructor(private readonly handlers: Readonly<Record<string, FakeToolHandler | undefined>>, specs?: readonly ToolSpec[]) {
    this.specs = specs
      ? [...specs]
      : Object.keys(handlers).map((name) => ({ name, description: `fake ${name}`, inputSchema: { type: 'object', properties: {} } }));
  }

  async list(signal: AbortSignal): Promise<readonly ToolSpec[]> {
    if (signal.aborted) throw new OperationCancelled('list cancelled');
    return this.specs;
  }

  async call(name: string, args: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<ToolOutcome> {
    if (signal.aborted) throw new OperationCancelled(`${name} cancelled`);
    this.calls.push({ name, args });
    if (!this.specs.some((s) => s.name === name)) return { kind: 'tool_error', message: `Unknown tool: ${name}` };
    const handler = this.handlers[name];
    if (!handler) throw new Error(`FakeToolGateway: no handler scripted for ${name}`);
    return handler(args, signal);
  }
}

/** A handler answering with JSON, as the demo tools do. */
export const jsonTool = (value: unknown): FakeToolHandler => () => ({ kind: 'ok', text: JSON.stringify(value) });
