import type { WebSocket } from 'uWebSockets.js';
import type { InvestigateCommand, InvestigationStreamEvent } from '../../application/use-cases/investigation-stream.js';
import { asActorId, asSessionId } from '../../domain/ids.js';
import type { Logger } from '../shared/logger.js';
import type { Authenticator } from './authenticator.js';
import { toWireOutput } from '../shared/wire-output.js';
import { acceptedOutput, answerControl } from './invocation-control.js';
import type { InvestigationStarter } from './invocation-handler.js';
import { parseInvocationRequest, toCommand } from './invocation-request.js';
import { encodeFrames } from './ws-frames.js';

export interface WsDeps {
  readonly investigations: InvestigationStarter;
  readonly logger: Logger;
  readonly newId: () => string;
  /** When set, the upgrade needs a valid bearer token (header or subprotocol). */
  readonly authenticate?: Authenticator;
}

/** What `upgrade` hands to `open`; uWS copies these properties onto the WebSocket. */
export interface WsUserData {
  readonly session: WsSession;
}

// Above this many buffered bytes the next frame waits for `drain` even if send reported success.
const HIGH_WATER_BYTES = 256 * 1024;
// A safety net only: `drain` normally wakes a waiting sender first.
const DRAIN_POLL_MS = 1_000;
const SEND_BACKPRESSURE = 0;
const SEND_DROPPED = 2;
const CLOSE_INTERNAL_ERROR = 1011;

const utf8 = new TextDecoder('utf-8', { fatal: true });

type PlanAction = 'approve' | 'modify' | 'reject';
type Message = Record<string, unknown>;

/** One socket: its ids, its send queue and the investigations it started. */
export class WsSession {
  private ws: WebSocket<WsUserData> | undefined;
  private isClosed = false;
  private seq = 0;
  private tail: Promise<void> = Promise.resolve();
  private drainWaiters: (() => void)[] = [];
  /** Aborts the investigations this socket owns (not the `async` ones) when it closes. */
  private readonly owned = new Set<AbortController>();
  private readonly log: Logger;
  private readonly openedAt = performance.now();
  private messages = 0;

  constructor(
    private readonly deps: WsDeps,
    readonly requestId: string,
    readonly sessionId: string,
    /** The verified caller, when the runtime checks tokens: it overrides any `user_id` sent. */
    private readonly subject?: string,
  ) {
    this.log = deps.logger.child({ requestId, sessionId });
  }

  open(ws: WebSocket<WsUserData>): void {
    this.ws = ws;
    this.log.info('websocket opened');
    void this.send({ type: 'ready', session_id: this.sessionId, request_id: this.requestId });
  }

  /** The ArrayBuffer is only valid during this call: it is decoded before anything else. */
  receive(data: ArrayBuffer, isBinary: boolean): void {
    this.messages += 1;
    if (isBinary) return this.refuse('invalid_request', 'Send JSON text messages, not binary ones.');
    let message: unknown;
    try {
      message = JSON.parse(utf8.decode(data));
    } catch {
      return this.refuse('invalid_request', 'The message is not valid UTF-8 JSON.');
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return this.refuse('invalid_request', 'The message must be a JSON object with a "type".');
    }
    const msg = message as Message;
    const type = msg['type'];
    this.log.info('websocket message', { messageType: typeof type === 'string' ? type.slice(0, 32) : null });
    switch (type) {
      case 'invoke':
        return this.invoke(msg);
      case 'approve':
      case 'modify':
      case 'reject':
      case 'cancel':
      case 'status':
        return this.invoke(withAction(msg, type));
      default:
        return this.refuse('invalid_request', 'type must be "invoke", "approve", "modify", "reject", "cancel" or "status".');
    }
  }

  /**
   * Wakes the waiting sender on the next turn, not inside uWS's writable handler: frames sent
   * from within it that build up backpressure again were never followed by another `drain`.
   */
  drained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    if (waiters.length > 0) setImmediate(() => { for (const resolve of waiters) resolve(); });
  }

  closed(code: number): void {
    this.isClosed = true;
    this.ws = undefined;
    for (const controller of this.owned) controller.abort(new Error('The WebSocket closed'));
    this.drained();
    this.log.info('websocket closed', { code, messages: this.messages, durationMs: Math.round(performance.now() - this.openedAt) });
  }

  end(code: number, reason: string): void {
    if (this.isClosed || !this.ws) return;
    try {
      this.ws.end(code, reason);
    } catch {
      // Already closed by the peer in the meantime.
    }
  }

  /** A bug: logged with the request id, and the socket closes with 1011 (internal error). */
  crash(error: unknown): void {
    this.log.error('websocket handler failed', { error });
    this.end(CLOSE_INTERNAL_ERROR, 'internal error');
  }

  /** Same rules as POST /invocations; the socket's session plays the session header. */
  private invoke(body: Message): void {
    const parsed = parseInvocationRequest(body);
    if (!parsed.ok) return this.refuse('invalid_request', parsed.message);
    const request = parsed.request;
    const sessionId = asSessionId(this.sessionId);
    if (request.control) {
      const answer = answerControl(this.deps.investigations, request.control, sessionId);
      if (!answer.ok) return this.refuse(answer.code, answer.message);
      void this.send({ type: 'control', action: request.control.kind, output: answer.output });
      return;
    }
    const asked = toCommand(request, sessionId, this.deps.newId());
    const command = this.subject === undefined ? asked : { ...asked, actor: asActorId(this.subject) };
    // A background run belongs to nobody's connection: only a cancel or its deadline stop it.
    const controller = new AbortController();
    if (!request.background) this.owned.add(controller);
    const started = this.deps.investigations.start(command, controller.signal);
    if (!started.ok) {
      this.owned.delete(controller);
      return this.refuse(started.error, started.message);
    }
    this.log.info('investigation started', { investigationId: command.investigationId, background: request.background, ...(request.decision ? { action: request.decision.action } : {}) });
    if (request.background) void this.send({ type: 'accepted', output: acceptedOutput(command, new Date()) });
    this.pump(command, started.events)
      .catch((error: unknown) => this.crash(error))
      .finally(() => this.owned.delete(controller));
  }

  /** Sends every event in order; a failure before the result becomes a final `error` frame. */
  private async pump(command: InvestigateCommand, events: AsyncIterable<InvestigationStreamEvent>): Promise<void> {
    const fields = { investigationId: command.investigationId };
    let ended = false;
    try {
      for await (const event of events) {
        if (ended || this.isClosed) continue;
        if (event.type !== 'result') {
          await this.send(event);
          continue;
        }
        const result = event.result;
        const failure = result.status === 'failed' ? (result.failure ?? { code: 'internal', message: 'The investigation failed.' }) : undefined;
        await this.send(failure ? { type: 'error', error: failure } : { type: 'result', output: toWireOutput(result) });
        ended = true;
        this.log.info('investigation finished', { ...fields, investigationStatus: result.status, ...(failure ? { errorCode: failure.code } : {}) });
      }
      if (!ended && !this.isClosed) throw new Error('The investigation ended without a result event');
    } catch (error) {
      if (ended) return this.log.warn('investigation events failed after the result was sent', { ...fields, error });
      this.log.error('investigation failed while streaming', { ...fields, error });
      await this.send({ type: 'error', error: { code: 'internal', message: this.internalMessage(), request_id: this.requestId } });
    }
  }

  private refuse(code: string, message: string): void {
    this.log.info('websocket message refused', { errorCode: code });
    void this.send({ type: 'error', error: { code, message, request_id: this.requestId } });
  }

  /**
   * Queues one event. Events go out one at a time, so the fragments of one event are never
   * interleaved with another's; the promise resolves when the socket can take the next frame
   * (after `drain` under backpressure), or at once when the socket is gone.
   */
  private send(event: unknown): Promise<void> {
    const seq = ++this.seq;
    const next = this.tail.then(() => this.write(event, seq));
    this.tail = next.catch((error: unknown) => this.crash(error));
    return this.tail;
  }

  private async write(event: unknown, seq: number): Promise<void> {
    for (const frame of encodeFrames(event, seq)) {
      const ws = this.ws;
      if (this.isClosed || !ws) return;
      let status = SEND_BACKPRESSURE;
      ws.cork(() => { status = ws.send(frame, false, false); });
      if (status === SEND_DROPPED) throw new Error('uWS dropped a frame over the backpressure limit');
      // Inside cork, send reports backpressure for anything still in the cork buffer; what
      // matters is what is left once the cork is flushed. Only then does uWS call `drain`.
      const buffered = ws.getBufferedAmount();
      if (buffered > 0 && (status === SEND_BACKPRESSURE || buffered > HIGH_WATER_BYTES)) await this.drain(ws);
    }
  }

  /** Resolves on `drain`, on close, or (as a safety net) once the buffer is seen empty. */
  private drain(ws: WebSocket<WsUserData>): Promise<void> {
    return new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (this.isClosed || ws.getBufferedAmount() === 0) this.drained();
      }, DRAIN_POLL_MS);
      poll.unref();
      this.drainWaiters.push(() => {
        clearInterval(poll);
        resolve();
      });
    });
  }

  private internalMessage(): string {
    return `Internal error; quote request id ${this.requestId} when reporting it.`;
  }
}

/** Adds the plan or control action of a typed message, flat or inside `input`. */
function withAction(msg: Message, action: PlanAction | 'cancel' | 'status'): Message {
  const input = msg['input'];
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { input: { ...(input as Message), action } };
  return { ...msg, action };
}
