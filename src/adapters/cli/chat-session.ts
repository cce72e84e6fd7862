import { createInterface } from 'node:readline';
import type { InvestigateCommand, StartOutcome } from '../../application/use-cases/investigation-stream.js';
import { asActorId, asInvestigationId, type SessionId } from '../../domain/ids.js';
import type { InvestigationResult } from '../../domain/investigation.js';
import type { PlanDecision } from '../../domain/plan.js';
import { ProgressRenderer, type RenderStream, renderRun } from './progress-renderer.js';
import { saveReport } from './report-file.js';

/** What the chat needs of the use-case: `InvestigateIncident` satisfies it. */
export interface Investigator {
  start(command: InvestigateCommand, signal: AbortSignal): StartOutcome;
}

export interface ChatSessionOptions {
  readonly investigator: Investigator;
  readonly input: NodeJS.ReadableStream;
  /** Answers, reports, history: process.stdout. */
  readonly output: RenderStream;
  /** Progress: process.stderr. */
  readonly progress: RenderStream;
  readonly sessionId: SessionId;
  readonly user: string;
  readonly reportsDir: string;
  /** Prompts are echoed, and progress drawn as a task list, only on a terminal. */
  readonly interactive: boolean;
  readonly newId: () => string;
  readonly now?: () => Date;
}

interface Turn {
  readonly question: string;
  investigationId: string;
  status: string;
  result?: InvestigationResult;
}

export const CHAT_HELP = [
  'Type a question to investigate it; follow-up questions are answered from this session\'s findings.',
  '  /approve   run the plan awaiting approval (typing "proceed" does the same)',
  '  /reject    drop the plan awaiting approval',
  '  /save      save the last report as Markdown',
  '  /history   this session\'s questions and their statuses',
  '  /help      this help',
  '  /quit      leave (Ctrl-D too)',
].join('\n');

/** The interactive loop of `sre-agent chat`: one session, one question or command per line. */
export class ChatSession {
  private readonly turns: Turn[] = [];
  private last: Turn | undefined;
  private running: AbortController | undefined;
  private readonly now: () => Date;

  constructor(private readonly o: ChatSessionOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** Resolves when the person quits or the input ends. */
  async run(): Promise<void> {
    const rl = createInterface({ input: this.o.input, terminal: this.o.interactive, ...(this.o.interactive ? { output: process.stdout } : {}) });
    rl.on('SIGINT', () => {
      if (this.running) this.running.abort(new Error('interrupted'));
      else rl.close();
    });
    const prompt = (): void => { if (this.o.interactive) rl.prompt(); };
    if (this.o.interactive) this.say(`Session ${this.o.sessionId}. ${CHAT_HELP}`);
    rl.setPrompt('sre> ');
    prompt();
    try {
      for await (const raw of rl) {
        const line = raw.trim();
        if (line && !(await this.handle(line))) break;
        prompt();
      }
    } finally {
      rl.close();
    }
  }

  /** One line; false when the session should end. */
  async handle(line: string): Promise<boolean> {
    if (!line.startsWith('/')) {
      await this.investigate(line);
      return true;
    }
    const [command] = line.slice(1).split(/\s+/);
    switch (command?.toLowerCase()) {
      case 'quit': case 'exit': case 'q': return false;
      case 'help': this.say(CHAT_HELP); break;
      case 'approve': await this.investigate('/approve', { action: 'approve' }); break;
      case 'reject': await this.investigate('/reject', { action: 'reject' }); break;
      case 'history': this.say(this.history()); break;
      case 'save': await this.save(); break;
      default: this.say(`Unknown command ${line.split(/\s+/)[0]}. /help lists the commands.`);
    }
    return true;
  }

  history(): string {
    if (this.turns.length === 0) return 'No questions yet in this session.';
    return ['History:', ...this.turns.map((t, i) => `  ${i + 1}. [${t.status}] ${t.question}`)].join('\n');
  }

  private async investigate(prompt: string, decision?: PlanDecision): Promise<void> {
    const controller = new AbortController();
    const started = this.o.investigator.start({
      prompt, sessionId: this.o.sessionId, investigationId: asInvestigationId(this.o.newId()), actor: asActorId(this.o.user),
      autoApprovePlan: false, ...(decision ? { decision } : {}),
    }, controller.signal);
    if (!started.ok) {
      this.say(`Not started: ${started.message}`);
      return;
    }
    this.running = controller;
    let result: InvestigationResult | undefined;
    try {
      result = await renderRun(started.events, new ProgressRenderer(this.o.progress, { tty: this.o.interactive }));
    } finally {
      this.running = undefined;
    }
    if (result) this.record(prompt, result);
  }

  private record(prompt: string, result: InvestigationResult): void {
    let turn = this.turns.find((t) => t.investigationId === result.investigationId);
    if (!turn && result.failure?.code !== 'nothing_to_approve') {
      turn = { question: prompt, investigationId: result.investigationId, status: result.status };
      this.turns.push(turn);
    }
    if (turn) {
      turn.status = result.status;
      turn.result = result;
      if (result.status !== 'awaiting_approval') this.last = turn;
    }
    this.say(result.message.trim() || `(${result.status})`);
    if (result.status === 'awaiting_approval') this.say('\nThe plan awaits approval: /approve (or "proceed") runs it, /reject drops it.');
    else if (result.failure) this.say(`\n${result.status}: ${result.failure.message}`);
    this.say('');
  }

  private async save(): Promise<void> {
    const turn = this.last;
    if (!turn?.result) {
      this.say('No report to save yet.');
      return;
    }
    const path = await saveReport(this.o.reportsDir, {
      question: turn.question, user: this.o.user, sessionId: this.o.sessionId, investigationId: turn.investigationId,
      status: turn.status, markdown: turn.result.message, at: this.now(),
    });
    this.say(`Saved ${path}`);
  }

  private say(text: string): void {
    this.o.output.write(`${text}\n`);
  }
}
