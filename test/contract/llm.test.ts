import { OfflineLlm } from '../../src/adapters/offline/offline-llm.js';
import type { LlmRequest, LlmResponse } from '../../src/application/ports/llm.js';
import { ScriptedLlm, textTurn, toolTurn } from '../fakes/scripted-llm.js';
import { llmContract } from './llm.contract.js';

/** The scripted model's stand-in for a cooperative model: it calls a forced tool, else it talks. */
const cooperative = (request: LlmRequest): LlmResponse =>
  typeof request.toolChoice === 'object' ? toolTurn([{ name: request.toolChoice.name }]) : textTurn('A scripted answer.');

const enough = Array.from({ length: 10 }, () => cooperative);

llmContract('ScriptedLlm', () => new ScriptedLlm({
  plan: enough, summarize: enough, 'investigate:kubernetes': enough, 'investigate:logs': enough,
}));
llmContract('OfflineLlm', () => new OfflineLlm());
llmContract('OfflineLlm with a delay', () => new OfflineLlm({ delayMs: 2 }));
