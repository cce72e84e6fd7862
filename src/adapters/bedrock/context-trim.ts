import type { AgentMessage } from '../../domain/messages.js';

const TRIMMED = '[Older tool output removed to fit the model context window.]';
/** The latest tool results keep at most this many characters each. */
export const LATEST_RESULT_CHARS = 4_000;

/**
 * Makes room after a "too long" rejection: every tool result but the latest turn's is replaced by a
 * short note, and the latest results are cut to `LATEST_RESULT_CHARS`. Gives undefined when there
 * is nothing to trim (a retry would fail the same way).
 */
export function trimToolOutput(messages: readonly AgentMessage[]): AgentMessage[] | undefined {
  const lastTool = messages.reduce((at, m, i) => (m.role === 'tool' ? i : at), -1);
  let changed = false;
  const trimmed = messages.map((m, i): AgentMessage => {
    if (m.role !== 'tool') return m;
    const results = m.results.map((r) => {
      const content = i === lastTool
        ? (r.content.length > LATEST_RESULT_CHARS ? `${r.content.slice(0, LATEST_RESULT_CHARS)}\n[Cut to fit the model context window.]` : r.content)
        : (r.content.length > TRIMMED.length ? TRIMMED : r.content);
      if (content !== r.content) changed = true;
      return { ...r, content };
    });
    return { role: 'tool', results };
  });
  return changed ? trimmed : undefined;
}
