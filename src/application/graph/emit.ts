import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { ProgressEvent } from '../../domain/events.js';

/** Sends a progress event through the graph's custom stream (a no-op when nobody streams). */
export function emit(config: LangGraphRunnableConfig, event: ProgressEvent): void {
  config.writer?.(event);
}

/** The run's signal; LangGraph passes the caller's through `config.signal`. */
export function signalOf(config: LangGraphRunnableConfig): AbortSignal {
  return config.signal ?? new AbortController().signal;
}
