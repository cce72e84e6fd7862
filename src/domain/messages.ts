import type { ToolCall, ToolResult } from './tools.js';

/** A turn of a model conversation, in the domain's own shape (adapters map it to a vendor's). */
export type AgentMessage =
  | { readonly role: 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly text?: string; readonly toolCalls: readonly ToolCall[] }
  | { readonly role: 'tool'; readonly results: readonly ToolResult[] };
