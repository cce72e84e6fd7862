import type { ProgressEvent } from '../../domain/events.js';
import type { ActorId, InvestigationId, SessionId } from '../../domain/ids.js';
import type { InvestigationResult } from '../../domain/investigation.js';
import type { ApprovalMode, PlanDecision } from '../../domain/plan.js';
import type { InboundTrace } from '../ports/telemetry.js';

export interface InvestigateCommand {
  readonly prompt: string;
  readonly sessionId: SessionId;
  readonly investigationId: InvestigationId;
  readonly actor: ActorId;
  readonly autoApprovePlan: ApprovalMode;
  /**
   * An answer to the plan awaiting approval in this session. Without one, a reply such as
   * "proceed" to a waiting plan approves it; any other prompt starts a new investigation.
   */
  readonly decision?: PlanDecision;
  /** The caller's trace headers: the investigation's span continues the caller's trace. */
  readonly trace?: InboundTrace;
}

export interface StartedEvent {
  readonly type: 'started';
  readonly investigation_id: InvestigationId;
  readonly session_id: SessionId;
  /** ISO-8601. */
  readonly timestamp: string;
}

/** The closing event of every stream: completed, awaiting approval, cancelled or failed. */
export interface ResultEvent {
  readonly type: 'result';
  readonly result: InvestigationResult;
}

export type InvestigationStreamEvent = StartedEvent | ProgressEvent | ResultEvent;

/** Why an investigation was not started: expected outcomes, so values rather than exceptions. */
export interface Refusal {
  readonly ok: false;
  readonly error: 'over_capacity' | 'session_busy' | 'shutting_down';
  readonly message: string;
}

/** Admission is decided before any event, so a transport can still choose its status code. */
export type StartOutcome = { readonly ok: true; readonly events: AsyncIterable<InvestigationStreamEvent> } | Refusal;

export type InvestigateOutcome = { readonly ok: true; readonly result: InvestigationResult } | Refusal;
