import type { InvestigationStreamEvent } from '../../application/use-cases/investigation-stream.js';
import type { InvestigationResult } from '../../domain/investigation.js';

/** The slice of a writable stream the renderer needs (process.stderr, or a fake in tests). */
export interface RenderStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressRendererOptions {
  /** Defaults to the stream's own `isTTY`. */
  readonly tty?: boolean;
  /** Spinner period; 0 turns the timer off (tests). */
  readonly spinnerMs?: number;
  readonly now?: () => number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const clip = (text: string, max = 100): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** One line of text for an event, or undefined for events that print nothing (tokens, unknown ones). */
export function describeEvent(event: InvestigationStreamEvent): string | undefined {
  switch (event.type) {
    case 'started': return `started investigation ${event.investigation_id} (session ${event.session_id})`;
    case 'plan': {
      const steps = event.plan.steps.map((s) => `${s.id}. ${s.agent}: ${clip(s.goal, 80)}`).join('; ');
      const head = event.plan.steps.length === 0 ? 'plan: answer from earlier findings' : `plan (${event.plan.complexity}): ${steps}`;
      return event.awaiting_approval ? `${head} [awaiting approval]` : head;
    }
    case 'agent_started': return `agent ${event.agent} started step ${event.step}: ${clip(event.goal, 80)}`;
    case 'tool_call': return `tool call ${event.agent} → ${event.tool}(${clip(JSON.stringify(event.args ?? {}), 80)})`;
    case 'tool_result': return `tool result ${event.tool}: ${event.ok ? 'ok' : 'error'}, ${event.bytes} bytes${event.summary ? ` (${clip(event.summary, 60)})` : ''}`;
    case 'agent_finished': return `agent ${event.agent} finished step ${event.step}: ${event.status}, ${event.tool_calls} tool calls — ${clip(event.summary, 80)}`;
    case 'token': return undefined;
    case 'report': return 'report ready';
    case 'result': return `result: ${event.result.status}${event.result.failure ? ` (${event.result.failure.code}: ${event.result.failure.message})` : ''}`;
    default: return undefined;
  }
}

/**
 * Investigation events on a terminal. On a TTY: a task list (one line per specialist) redrawn
 * under a spinner with the elapsed time; elsewhere: one plain line per event. Never throws on an
 * event it does not know.
 */
export class ProgressRenderer {
  private readonly tty: boolean;
  private readonly now: () => number;
  private readonly tasks = new Map<string, { state: 'running' | 'done' | 'failed'; text: string }>();
  private header = 'investigating';
  private drawnLines = 0;
  private frame = 0;
  private started: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly out: RenderStream, private readonly options: ProgressRendererOptions = {}) {
    this.tty = options.tty ?? out.isTTY === true;
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  render(event: InvestigationStreamEvent): void {
    try {
      if (this.tty) this.renderTty(event);
      else {
        const line = describeEvent(event);
        if (line !== undefined) this.out.write(`${line}\n`);
      }
    } catch { /* progress is best effort: a strange event never stops an investigation */ }
  }

  /** Stops the spinner and leaves the last drawing on screen. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.tty) this.draw(true);
  }

  private renderTty(event: InvestigationStreamEvent): void {
    const e = event as { type: string } & Record<string, unknown>;
    if (e.type === 'started') {
      this.started = this.now();
      this.tasks.clear();
      this.drawnLines = 0;
      this.header = 'investigating';
      const period = this.options.spinnerMs ?? 80;
      if (period > 0 && !this.timer) {
        this.timer = setInterval(() => this.draw(false), period);
        this.timer.unref?.();
      }
    } else if (event.type === 'plan') {
      this.clear();
      this.out.write(`${describeEvent(event)}\n`);
      this.drawnLines = 0;
      for (const step of event.plan.steps) this.tasks.set(step.agent, { state: 'running', text: `${step.agent}: waiting` });
      if (event.awaiting_approval) this.header = 'plan awaiting approval';
    } else if (event.type === 'agent_started') {
      this.tasks.set(event.agent, { state: 'running', text: `${event.agent}: ${clip(event.goal, 60)}` });
    } else if (event.type === 'tool_call') {
      this.tasks.set(event.agent, { state: 'running', text: `${event.agent}: ${event.tool}` });
    } else if (event.type === 'agent_finished') {
      this.tasks.set(event.agent, { state: event.status === 'completed' ? 'done' : 'failed', text: `${event.agent}: ${event.status}, ${event.tool_calls} tool calls` });
    } else if (event.type === 'report') {
      this.header = 'writing report';
    } else if (event.type === 'result') {
      this.header = `result: ${event.result.status}`;
      this.finish();
      return;
    }
    this.draw(false);
  }

  private clear(): void {
    if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}A\x1b[0J`);
  }

  private draw(final: boolean): void {
    this.clear();
    const seconds = ((this.now() - this.started) / 1000).toFixed(1);
    const spin = final ? '•' : FRAMES[this.frame++ % FRAMES.length];
    const lines = [`${spin} ${this.header} (${seconds}s)`];
    for (const task of this.tasks.values()) lines.push(`  ${task.state === 'done' ? '✔' : task.state === 'failed' ? '✖' : '…'} ${task.text}`);
    this.out.write(`${lines.join('\n')}\n`);
    this.drawnLines = final ? 0 : lines.length;
  }
}

/** Renders every event of a run and returns its result (undefined if the run ended without one). */
export async function renderRun(events: AsyncIterable<InvestigationStreamEvent>, renderer: ProgressRenderer): Promise<InvestigationResult | undefined> {
  let result: InvestigationResult | undefined;
  try {
    for await (const event of events) {
      renderer.render(event);
      if (event.type === 'result') result = event.result;
    }
  } finally {
    renderer.finish();
  }
  return result;
}
