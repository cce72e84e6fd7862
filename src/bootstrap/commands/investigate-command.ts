import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { ProgressRenderer, renderRun } from '../../adapters/cli/progress-renderer.js';
import { saveReport } from '../../adapters/cli/report-file.js';
import { JsonLogger } from '../../adapters/shared/logger.js';
import { toWireOutput } from '../../adapters/shared/wire-output.js';
import type { InvestigateIncident } from '../../application/use-cases/investigate-incident.js';
import { asActorId, asInvestigationId, asSessionId, type SessionId } from '../../domain/ids.js';
import type { InvestigationResult } from '../../domain/investigation.js';
import type { ApprovalMode } from '../../domain/plan.js';
import { loadConfig } from '../config.js';
import { buildContainer, closeContainer, warmUpMemory } from '../container.js';
import { TOKENS } from '../tokens.js';

export interface RuntimeOptions {
  readonly user?: string;
  readonly session?: string;
  readonly scenario?: string;
}

export interface OpenRuntime {
  readonly investigate: InvestigateIncident;
  readonly user: string;
  readonly sessionId: SessionId;
  readonly close: () => Promise<void>;
}

/** The container in-process: configuration from the environment, `--scenario` over DEMO_SCENARIO, warnings to stderr. */
export async function openRuntime(opts: RuntimeOptions, kind: 'cli' | 'chat'): Promise<OpenRuntime> {
  const env = { ...process.env, ...(opts.scenario ? { DEMO_SCENARIO: opts.scenario } : {}) };
  const logger = new JsonLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) });
  const container = buildContainer(loadConfig(env), { logger });
  const investigate = await container.getAsync(TOKENS.InvestigateIncident);
  warmUpMemory(container);
  const user = opts.user ?? process.env['USER_ID'] ?? safeUser();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const sessionId = asSessionId(opts.session ?? process.env['SESSION_ID'] ?? `${kind}-${stamp}-${randomUUID().slice(0, 8)}`);
  return { investigate, user, sessionId, close: async () => { await closeContainer(container, 10_000); } };
}

function safeUser(): string {
  try { return userInfo().username || 'default-sre-user'; } catch { return 'default-sre-user'; }
}

function approvalMode(value: string): ApprovalMode {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  if (value === 'simple') return 'simple';
  throw new InvalidArgumentError('expected true, false or simple');
}

interface InvestigateOpts extends RuntimeOptions {
  json?: boolean;
  save: boolean;
  out: string;
  approvePlan: ApprovalMode;
}

/** `sre-agent investigate "<question>"`: one investigation in-process, progress on stderr, the report on stdout. */
export function investigateCommand(): Command {
  return new Command('investigate')
    .description('investigate one question in-process: progress on stderr, the report (Markdown or --json) on stdout')
    .argument('<question>', 'what to investigate, e.g. "Why is the database pod restarting?"')
    .option('--user <id>', 'who asks (USER_ID, else the login name)')
    .option('--session <id>', 'session id (SESSION_ID, else generated)')
    .option('--scenario <name|dir>', 'demo scenario (DEMO_SCENARIO)')
    .option('--json', 'print the result as the runtime\'s JSON output')
    .option('--no-save', 'do not save the report file')
    .option('--out <dir>', 'where reports are saved', './reports')
    .option('--approve-plan <mode>', 'approve the plan automatically: true, false (stop at the plan) or simple', approvalMode, true)
    .action(async (question: string, opts: InvestigateOpts) => {
      const runtime = await openRuntime(opts, 'cli');
      const controller = new AbortController();
      const onSigint = (): void => {
        process.stderr.write('\nInterrupted: cancelling the investigation…\n');
        controller.abort(new Error('interrupted'));
      };
      process.once('SIGINT', onSigint);
      let result: InvestigationResult | undefined;
      try {
        const started = runtime.investigate.start({
          prompt: question, sessionId: runtime.sessionId, investigationId: asInvestigationId(randomUUID()),
          actor: asActorId(runtime.user), autoApprovePlan: opts.approvePlan,
        }, controller.signal);
        if (!started.ok) throw new Error(started.message);
        result = await renderRun(started.events, new ProgressRenderer(process.stderr));
      } finally {
        process.off('SIGINT', onSigint);
        await runtime.close();
      }
      if (!result) throw new Error('The investigation ended without a result');
      process.stdout.write(opts.json ? `${JSON.stringify(toWireOutput(result), null, 2)}\n` : `${result.message.trim()}\n`);
      if (opts.save && result.message.trim()) {
        const path = await saveReport(opts.out, {
          question, user: runtime.user, sessionId: runtime.sessionId, investigationId: result.investigationId,
          status: result.status, markdown: result.message, at: new Date(),
        });
        process.stderr.write(`report saved: ${path}\n`);
      }
      if (controller.signal.aborted) process.exitCode = 130;
      else if (result.status === 'failed') process.exitCode = 1;
    });
}
