import type { Finding } from './finding.js';
import type { InvestigationId, SessionId } from './ids.js';
import type { Plan } from './plan.js';
import type { Usage } from './usage.js';

export type InvestigationStatus = 'completed' | 'awaiting_approval' | 'cancelled' | 'failed';

export interface InvestigationFailure {
  readonly code: string;
  readonly message: string;
}

/** How an investigation ended, whatever the way it was asked for (JSON, SSE, WebSocket, CLI). */
export interface InvestigationResult {
  readonly investigationId: InvestigationId;
  readonly sessionId: SessionId;
  readonly status: InvestigationStatus;
  /** The Markdown answer: the report, the plan awaiting approval, or what was found before a stop. */
  readonly message: string;
  readonly plan?: Plan;
  readonly findings: readonly Finding[];
  readonly usage: Usage;
  readonly finishedAt: Date;
  readonly failure?: InvestigationFailure;
}
