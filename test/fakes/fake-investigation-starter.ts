import type { InvestigationStarter } from '../../src/adapters/http-uws/invocation-handler.js';
import type { HealthReport } from '../../src/application/use-cases/runtime-health.js';
import type { InvestigateCommand, InvestigationStreamEvent, Refusal, StartOutcome } from '../../src/application/use-cases/investigation-stream.js';
import type { InvestigationResult } from '../../src/domain/investigation.js';

/** What one `start` call does. Anything unscripted throws, so a test cannot under-specify. */
export interface FakeRun {
  readonly refuse?: Refusal['error'];
  /** The events to emit; defaults to a full successful investigation. */
  readonly events?: (command: InvestigateCommand) => InvestigationStreamEvent[];
  /** Pause before each event; cut short when the signal aborts. */
  readonly delayMs?: number;
  /** Throws instead of emitting the event at this index. */
  readonly throwAt?: number;
  /** Awaited before the event at this index (a gate the test opens). */
  readonly holdAt?: { readonly index: number; readonly until: Promise<void> };
}

export interface StartRecord {
  readonly command: InvestigateCommand;
  readonly signal: AbortSignal;
  yielded: number;
  /** True when the run noticed its signal aborted and stopped early. */
  sawAbort: boolean;
  finished: boolean;
}

export class FakeInvestigationStarter implements InvestigationStarter {
  // Status and cancel are exercised against the real use-case (test/int/runtime.int.test.ts).
  status(): never {
    throw new Error('FakeInvestigationStarter: status was not expected');
  }

  cancel(): never {
    throw new Error('FakeInvestigationStarter: cancel was not expected');
  }

  readonly starts: StartRecord[] = [];

  constructor(private readonly runs: FakeRun[]) {}

  start(command: InvestigateCommand, signal: AbortSignal): StartOutcome {
    const run = this.runs.shift();
    if (!run) throw new Error(`FakeInvestigationStarter: unexpected start #${this.starts.length + 1}`);
    const record: StartRecord = { command, signal, yielded: 0, sawAbort: false, finished: false };
    this.starts.push(record);
    if (run.refuse) return { ok: false, error: run.refuse, message: `fake refusal: ${run.refuse}` };
    return { ok: true, events: this.play(run, record) };
  }

  private async *play(run: FakeRun, record: StartRecord): AsyncGenerator<InvestigationStreamEvent> {
    const events = (run.events ?? successEvents)(record.command);
    try {
      for (const [index, event] of events.entries()) {
        if (run.holdAt?.index === index) await run.holdAt.until;
        if (run.delayMs) await sleep(run.delayMs, record.signal);
        if (record.signal.aborted) {
          record.sawAbort = true;
          yield { type: 'result', result: aResult(record.command, { status: 'cancelled' }) };
          return;
        }
        if (run.throwAt === index) throw new Error('fake iterator failure');
        yield event;
        record.yielded += 1;
      }
    } finally {
      record.finished = true;
    }
  }
}

export function aResult(command: InvestigateCommand, overrides: Partial<InvestigationResult> = {}): InvestigationResult {
  return {
    investigationId: command.investigationId,
    sessionId: command.sessionId,
    status: 'completed',
    message: `## Investigation Results\n\nAnswer to: ${command.prompt}`,
    plan: { steps: [{ id: 1, agent: 'kubernetes', goal: 'Check pods', dependsOn: [] }], complexity: 'simple', autoExecute: true, reasoning: 'r', isDefault: false },
    findings: [],
    usage: { inputTokens: 10, outputTokens: 20, llmCalls: 2, toolCalls: 1, costUsd: 0 },
    finishedAt: new Date('2025-01-22T14:35:00Z'),
    ...overrides,
  };
}

/** started, plan, one specialist with one tool call, report, result. */
export function successEvents(command: InvestigateCommand, result: Partial<InvestigationResult> = {}): InvestigationStreamEvent[] {
  const plan = { steps: [{ id: 1, agent: 'kubernetes' as const, goal: 'Check pods', depends_on: [] }], agents: ['kubernetes' as const], complexity: 'simple' as const, auto_execute: true, reasoning: 'r' };
  return [
    { type: 'started', investigation_id: command.investigationId, session_id: command.sessionId, timestamp: '2025-01-22T14:34:00.000Z' },
    { type: 'plan', plan, awaiting_approval: false },
    { type: 'agent_started', agent: 'kubernetes', step: 1, goal: 'Check pods' },
    { type: 'tool_call', agent: 'kubernetes', call_id: 'c1', tool: 'get_pod_status', args: { namespace: 'prod' } },
    { type: 'tool_result', agent: 'kubernetes', call_id: 'c1', tool: 'get_pod_status', ok: true, bytes: 42, summary: '1 pod crash-looping' },
    { type: 'agent_finished', agent: 'kubernetes', step: 1, status: 'completed', summary: 'OOMKilled', tool_calls: 1 },
    { type: 'report', message: '## Investigation Results' },
    { type: 'result', result: aResult(command, result) },
  ];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** A health source the test sets; counts how often /ping read it. */
export class FakeHealth {
  reads = 0;
  constructor(public current: HealthReport = { status: 'Healthy', timeOfLastUpdate: 1_737_556_200 }) {}
  report(): HealthReport {
    this.reads += 1;
    return this.current;
  }
}
