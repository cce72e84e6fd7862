import type { LlmPurpose } from '../../../application/ports/llm.js';
import investigate from './investigate.js';
import plan from './plan.js';
import summarize from './summarize.js';

/** The adapter's own system preamble per purpose; the graph's system prompt follows it. */
export const PURPOSE_PREAMBLES: Readonly<Record<LlmPurpose, string>> = { plan, investigate, summarize };
