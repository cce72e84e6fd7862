import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { type AssembledCall, type ModelTurn, readToolInput, tokens, toStopReason } from './converse-mapping.js';

interface PendingTool {
  id: string;
  name: string;
  json: string;
}

/** An exception event inside the stream, raised by the caller as the SDK would raise it. */
export class StreamException extends Error {
  constructor(override readonly name: string, message: string) {
    super(message);
  }
}

const EXCEPTIONS = ['internalServerException', 'modelStreamErrorException', 'validationException', 'throttlingException', 'serviceUnavailableException'] as const;

/**
 * Folds ConverseStream events into one model turn: text deltas are handed back as they come, and
 * each tool call's input is assembled from its partial JSON deltas and parsed at its block's stop.
 */
export class StreamAssembly {
  private text = '';
  private readonly pending = new Map<number, PendingTool>();
  private readonly calls: { index: number; call: AssembledCall }[] = [];
  private stopReason: string | undefined;
  // Fault suite (test/int/faults-model): a stream that ends cleanly between frames but before
  // `messageStop` was cut short (a proxy, a dropped upstream); its partial turn is not an answer.
  private stopped = false;
  private inputTokens = 0;
  private outputTokens = 0;

  /** Takes one event; gives the text it adds, if any. Throws `StreamException` for exception events. */
  accept(event: ConverseStreamOutput): string | undefined {
    for (const kind of EXCEPTIONS) {
      const exception = (event as unknown as Record<string, { message?: string } | undefined>)[kind];
      if (exception) throw new StreamException(kind.charAt(0).toUpperCase() + kind.slice(1), exception.message ?? kind);
    }
    if (event.contentBlockStart?.start?.toolUse) {
      const { toolUseId, name } = event.contentBlockStart.start.toolUse;
      const index = event.contentBlockStart.contentBlockIndex ?? this.pending.size;
      this.pending.set(index, { id: toolUseId ?? `tooluse_${index}`, name: name ?? '', json: '' });
    } else if (event.contentBlockDelta?.delta) {
      const { delta, contentBlockIndex } = event.contentBlockDelta;
      if (delta.text !== undefined) {
        this.text += delta.text;
        return delta.text;
      }
      const pending = this.pending.get(contentBlockIndex ?? -1);
      if (delta.toolUse && pending) pending.json += delta.toolUse.input ?? '';
    } else if (event.contentBlockStop) {
      this.finish(event.contentBlockStop.contentBlockIndex ?? -1);
    } else if (event.messageStop) {
      this.stopped = true;
      this.stopReason = event.messageStop.stopReason;
    } else if (event.metadata?.usage) {
      this.inputTokens = tokens(event.metadata.usage.inputTokens);
      this.outputTokens = tokens(event.metadata.usage.outputTokens);
    }
    return undefined;
  }

  /** Whether the model finished its message (`messageStop` arrived): Bedrock always sends it. */
  get complete(): boolean {
    return this.stopped;
  }

  /** The turn so far; tool blocks the stream never stopped are finished here. */
  result(): ModelTurn {
    for (const index of [...this.pending.keys()]) this.finish(index);
    const toolCalls = this.calls.sort((a, b) => a.index - b.index).map((c) => c.call);
    return {
      text: this.text,
      toolCalls,
      stopReason: toStopReason(this.stopReason ?? (toolCalls.length ? 'tool_use' : 'end_turn')),
      usage: { inputTokens: this.inputTokens, outputTokens: this.outputTokens },
    };
  }

  private finish(index: number): void {
    const pending = this.pending.get(index);
    if (!pending) return;
    this.pending.delete(index);
    const { args, invalidJson } = readToolInput(pending.json);
    this.calls.push({ index, call: { id: pending.id, name: pending.name, args, ...(invalidJson !== undefined ? { invalidJson } : {}) } });
  }
}
