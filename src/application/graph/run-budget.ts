import type { LangGraphRunnableConfig } from '@langchain/langgraph';

/**
 * What one investigation may spend across all its specialists: tool calls and specialist model
 * turns. Each specialist has its own caps too; this one stops a plan of many specialists, or a
 * model looping on tool output, from running up an unbounded bill. Parallel specialists share
 * this object through `config.configurable` (one reference per run), and taking is synchronous,
 * so two branches can never both take the last unit.
 */
export class RunBudget {
  private toolCalls = 0;
  private modelTurns = 0;

  constructor(readonly maxToolCalls: number, readonly maxModelTurns: number) {}

  takeToolCall(): boolean {
    if (this.toolCalls >= this.maxToolCalls) return false;
    this.toolCalls += 1;
    return true;
  }

  takeModelTurn(): boolean {
    if (this.modelTurns >= this.maxModelTurns) return false;
    this.modelTurns += 1;
    return true;
  }

  get toolCallsLeft(): number {
    return this.maxToolCalls - this.toolCalls;
  }
}

const KEY = 'sre_run_budget';
const UNLIMITED = (): RunBudget => new RunBudget(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

/** The run's budget; a run started without one (unit tests of one node) is not limited here. */
export function runBudgetOf(config: LangGraphRunnableConfig): RunBudget {
  const budget = config.configurable?.[KEY];
  return budget instanceof RunBudget ? budget : UNLIMITED();
}

/** The run config's `configurable` entry that gives the run `budget`. */
export function budgetRoot(budget: RunBudget): Record<string, unknown> {
  return { [KEY]: budget };
}
