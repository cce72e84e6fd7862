/** A tool as the model sees it: a name, what it does, and a JSON Schema for its arguments. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface ToolResult {
  readonly callId: string;
  readonly name: string;
  readonly ok: boolean;
  /** What the model sees: the tool's text (cut to the byte budget) or the failure reason. */
  readonly content: string;
}
