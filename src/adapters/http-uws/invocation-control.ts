import type { InvestigationSnapshot } from '../../application/use-cases/investigation-registry.js';
import type { InvestigateCommand } from '../../application/use-cases/investigation-stream.js';
import { toWireOutput } from '../shared/wire-output.js';
import type { ControlRequest } from './invocation-request.js';

/** What the HTTP adapter needs of the use-case besides starting investigations. */
export interface InvestigationControl {
  status(investigationId: string): InvestigationSnapshot | undefined;
  cancel(target: { readonly investigationId?: string; readonly sessionId?: string }): InvestigationSnapshot | undefined;
}

export type ControlAnswer =
  | { readonly ok: true; readonly output: Record<string, unknown> }
  | { readonly ok: false; readonly code: 'not_found'; readonly message: string };

const running = (s: Extract<InvestigationSnapshot, { state: 'running' }>, status: string) => ({
  investigation_id: s.investigationId, session_id: s.sessionId, status, started_at: s.startedAt.toISOString(),
  progress: {
    plan: s.progress.plan ?? null, agents_started: s.progress.agentsStarted, agents_finished: s.progress.agentsFinished, tool_calls: s.progress.toolCalls,
  },
});

/** `{"action":"status"}` and `{"action":"cancel"}`: a running investigation's progress, or its final output. */
export function answerControl(control: InvestigationControl, request: ControlRequest, sessionId: string): ControlAnswer {
  if (request.kind === 'status') {
    const s = control.status(request.investigationId);
    if (!s) return { ok: false, code: 'not_found', message: `No investigation ${request.investigationId} is known to this runtime.` };
    return { ok: true, output: s.state === 'running' ? running(s, 'running') : { ...toWireOutput(s.result) } };
  }
  const target = request.investigationId ? { investigationId: request.investigationId } : { sessionId };
  const s = control.cancel(target);
  if (!s) return { ok: false, code: 'not_found', message: request.investigationId ? `Investigation ${request.investigationId} is not running.` : `No investigation runs in session ${sessionId}.` };
  return { ok: true, output: s.state === 'running' ? running(s, 'cancelling') : { ...toWireOutput(s.result) } };
}

/** The answer to `"async": true`: the investigation goes on; ask for its status with its id. */
export function acceptedOutput(command: InvestigateCommand, at: Date): Record<string, unknown> {
  return {
    message: `Investigation accepted; ask {"action":"status","investigation_id":"${command.investigationId}"} for its progress.`,
    timestamp: at.toISOString(), model: 'sre-multi-agent', investigation_id: command.investigationId, session_id: command.sessionId, status: 'accepted',
  };
}
