import type { ProgressEvent } from '../../domain/events.js';
import type { InvestigationFailure, InvestigationResult, InvestigationStatus } from '../../domain/investigation.js';
import { NO_USAGE } from '../../domain/usage.js';
import { isApprovalReply, type PlanDecision } from '../../domain/plan.js';
import { Command } from '@langchain/langgraph';
import { partialMessage, planApprovalMessage } from '../../domain/report.js';
import type { GraphNode, InvestigationGraph } from '../graph/investigation-graph.js';
import type { State, StateUpdate } from '../graph/state.js';
import type { Clock } from '../ports/clock.js';
import { NO_TELEMETRY, type SpanHandle, type Telemetry, type TraceContext } from '../ports/telemetry.js';
import { deadline } from '../deadline.js';
import { budgetRoot, RunBudget } from '../graph/run-budget.js';
import { traceRoot } from '../graph/trace-scope.js';
import { EventQueue } from './event-queue.js';
import { type InvestigationSnapshot, InvestigationRegistry } from './investigation-registry.js';
import type { InvestigateCommand, InvestigateOutcome, InvestigationStreamEvent, Refusal, StartOutcome } from './investigation-stream.js';
import type { RuntimeHealth } from './runtime-health.js';

export interface InvestigateOptions {
  readonly maxConcurrent: number;
  /** Hard limit for one investigation; past it, the investigation is cancelled with what it found. */
  readonly deadlineMs: number;
  /** An `investigation` span per run (the graph's spans below it) and the investigation metrics. */
  readonly telemetry?: Telemetry;
  /** What one run may spend across its specialists (`INVESTIGATION_MAX_TOOL_CALLS`, `INVESTIGATION_MAX_MODEL_TURNS`). */
  readonly budget?: { readonly maxToolCalls: number; readonly maxModelTurns: number };
}

const FAILURE_CODES: Readonly<Record<string, string>> = {
  LlmUnavailable: 'llm_unavailable',
  LlmRejected: 'llm_rejected',
  ToolGatewayUnavailable: 'tool_gateway_unavailable',
  MemoryUnavailable: 'memory_unavailable',
};

/**
 * Runs one investigation through the graph on the session's checkpoint thread. Admission is
 * decided at once (capacity, one run per session, shutdown); the run then proceeds on its own
 * and its events are read from the returned iterable, ending with exactly one `result` event.
 * The caller's signal cancels model and tool calls; the result then holds what was found.
 */
export class InvestigateIncident {
  private readonly busySessions = new Set<string>();
  private readonly registry = new InvestigationRegistry();
  private running = 0;
  private accepting = true;

  constructor(
    private readonly graph: InvestigationGraph,
    private readonly health: RuntimeHealth,
    private readonly clock: Clock,
    private readonly options: InvestigateOptions,
  ) {}

  start(command: InvestigateCommand, signal: AbortSignal): StartOutcome {
    const refusal = this.admit(command);
    if (refusal) {
      this.telemetry.recordError(refusal.error, 'admission');
      return refusal;
    }
    this.running += 1;
    this.busySessions.add(command.sessionId);
    const release = this.health.begin();
    const queue = new EventQueue<InvestigationStreamEvent>();
    // Our own controller, so that a cancel request can stop it as well as the caller's signal.
    const controller = new AbortController();
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    this.registry.add(command.investigationId, command.sessionId, controller, this.clock.now());
    const span = this.telemetry.startSpan('investigation', {
      'sre.investigation.id': command.investigationId, 'sre.session.id': command.sessionId, 'gen_ai.conversation.id': command.sessionId,
    }, this.telemetry.parentFrom(command.trace));
    const startedAt = this.clock.now().getTime();
    this.telemetry.recordInvestigationStarted();
    const push = (event: InvestigationStreamEvent): void => {
      // The span ends when the result is known, whatever the outcome, before the client reads it.
      if (event.type === 'result') this.finishSpan(span, event.result, startedAt);
      this.registry.observe(command.investigationId, event);
      queue.push(event);
    };
    void this.run(command, controller.signal, push, span.context).finally(() => {
      span.end();
      this.running -= 1;
      this.busySessions.delete(command.sessionId);
      release();
      queue.close();
    });
    return { ok: true, events: queue };
  }

  async execute(command: InvestigateCommand, signal: AbortSignal): Promise<InvestigateOutcome> {
    const started = this.start(command, signal);
    if (!started.ok) return started;
    for await (const event of started.events) if (event.type === 'result') return { ok: true, result: event.result };
    throw new Error('The investigation ended without a result');
  }

  /** A running investigation's progress, or a finished one's result; undefined when unknown. */
  status(investigationId: string): InvestigationSnapshot | undefined {
    return this.registry.snapshot(investigationId);
  }

  /** Cancels a running investigation (by id, else the session's); its result then says `cancelled`. */
  cancel(target: { readonly investigationId?: string; readonly sessionId?: string }): InvestigationSnapshot | undefined {
    return this.registry.cancel(target);
  }

  /** New investigations are refused from now on; running ones go on. */
  stopAccepting(): void {
    this.accepting = false;
  }

  get inFlight(): number {
    return this.running;
  }

  private get telemetry(): Telemetry {
    return this.options.telemetry ?? NO_TELEMETRY;
  }

  private admit(command: InvestigateCommand): Refusal | undefined {
    if (!this.accepting) return { ok: false, error: 'shutting_down', message: 'The runtime is shutting down.' };
    if (this.running >= this.options.maxConcurrent) {
      return { ok: false, error: 'over_capacity', message: `At most ${this.options.maxConcurrent} investigations run at once; retry shortly.` };
    }
    if (this.busySessions.has(command.sessionId)) {
      return { ok: false, error: 'session_busy', message: `Session ${command.sessionId} is already running an investigation.` };
    }
    return undefined;
  }

  private finishSpan(span: SpanHandle, result: InvestigationResult, startedAt: number): void {
    span.setAttributes({ 'sre.investigation.id': result.investigationId, 'sre.investigation.status': result.status, 'sre.failure.code': result.failure?.code });
    if (result.status === 'failed') {
      span.recordError(result.failure?.code ?? 'internal');
      this.telemetry.recordError(result.failure?.code ?? 'internal', 'investigation');
    }
    span.end();
    this.telemetry.recordInvestigationFinished(result.status, this.clock.now().getTime() - startedAt);
  }

  private async run(command: InvestigateCommand, callerSignal: AbortSignal, push: (event: InvestigationStreamEvent) => void, trace: TraceContext): Promise<void> {
    const limit = deadline(callerSignal, this.options.deadlineMs, 'the investigation');
    const signal = limit.signal;
    const thread = { configurable: { thread_id: command.sessionId } };
    let effective = command;
    let last: State | undefined;
    let status: InvestigationStatus = 'completed';
    let failure: InvestigationFailure | undefined;
    try {
      const before = await this.graph.getState(thread);
      const waiting = before.tasks.some((t) => t.interrupts.length > 0) ? (before.values as State) : undefined;
      const decision: PlanDecision | undefined = command.decision ?? (waiting && isApprovalReply(command.prompt) ? { action: 'approve' } : undefined);
      if (decision && !waiting) {
        push(this.started(command));
        status = 'failed';
        failure = { code: 'nothing_to_approve', message: `No plan awaits approval in session ${command.sessionId}.` };
        push({ type: 'result', result: this.result(command, status, undefined, failure) });
        return;
      }
      // A resumed investigation keeps its id and question: it is the same investigation.
      if (decision && waiting) effective = { ...command, investigationId: waiting.investigationId, prompt: waiting.question };
      push(this.started(effective));
      // Let the event loop turn once: uWebSockets.js sends what was written only then, and the
      // offline analyst would otherwise run the whole investigation before `started` left.
      await new Promise((r) => setTimeout(r, 0));
      const input = decision && waiting
        ? new Command<PlanDecision, StateUpdate, GraphNode>({ resume: decision })
        : { investigationId: command.investigationId, sessionId: command.sessionId, actor: command.actor, question: command.prompt, autoApprove: command.autoApprovePlan };
      const budget = new RunBudget(this.options.budget?.maxToolCalls ?? Number.MAX_SAFE_INTEGER, this.options.budget?.maxModelTurns ?? Number.MAX_SAFE_INTEGER);
      const configurable = { ...thread.configurable, ...traceRoot(trace), ...budgetRoot(budget) };
      // Checkpoints at exit only (completion, an interrupt for approval, or an error): a session
      // resumes from there, and the steps in between cost neither CPU nor database writes.
      const stream = await this.graph.stream(input, { configurable, signal, recursionLimit: 64, streamMode: ['custom', 'values'] as const, durability: 'exit' });
      for await (const [mode, chunk] of stream) {
        if (mode === 'custom') push(chunk as ProgressEvent);
        // An interrupt arrives as a values chunk holding only `__interrupt__`: not a state.
        else if (!('__interrupt__' in (chunk as object))) last = chunk as State;
      }
      const snapshot = await this.graph.getState(thread);
      last = snapshot.values as State;
      if (snapshot.tasks.some((t) => t.interrupts.length > 0)) status = 'awaiting_approval';
      else if (last?.status === 'rejected') status = 'cancelled';
    } catch (error) {
      if (signal.aborted) {
        status = 'cancelled';
        failure = limit.expired && !callerSignal.aborted ? { code: 'deadline_exceeded', message: `The investigation exceeded ${Math.round(this.options.deadlineMs / 1000)} s.` } : undefined;
      } else {
        status = 'failed';
        const name = error instanceof Error ? error.name : 'Error';
        const code = FAILURE_CODES[name] ?? 'internal';
        // Our own failures carry messages written for the caller; an unexpected error's text may
        // quote anything (a query, a header), so the caller gets its kind only.
        failure = { code, message: code === 'internal' ? `The investigation failed unexpectedly (${name}).` : error instanceof Error ? error.message : String(error) };
      }
    } finally {
      limit.dispose();
    }
    push({ type: 'result', result: this.result(effective, status, last, failure) });
  }

  private started(command: InvestigateCommand): InvestigationStreamEvent {
    return { type: 'started', investigation_id: command.investigationId, session_id: command.sessionId, timestamp: this.clock.now().toISOString() };
  }

  private result(command: InvestigateCommand, status: InvestigationStatus, state: State | undefined, failure?: InvestigationFailure): InvestigationResult {
    const findings = state?.investigationId === command.investigationId ? state.findings : [];
    const plan = state?.investigationId === command.investigationId ? state.plan ?? undefined : undefined;
    const message = status === 'completed' ? state?.message ?? ''
      : status === 'awaiting_approval' && plan ? planApprovalMessage(command.prompt, plan)
      : partialMessage(command.prompt, findings, status === 'failed' ? `The investigation failed: ${failure?.message ?? 'unknown error'}` : state?.status === 'rejected' ? 'The plan was rejected.' : failure?.message ?? 'The investigation was cancelled.');
    return {
      investigationId: command.investigationId,
      sessionId: command.sessionId,
      status,
      message,
      ...(plan ? { plan } : {}),
      findings,
      usage: state?.investigationId === command.investigationId ? state.usage : NO_USAGE,
      finishedAt: this.clock.now(),
      ...(failure ? { failure } : {}),
    };
  }
}
