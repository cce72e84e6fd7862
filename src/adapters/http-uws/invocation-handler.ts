import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import type { InvestigateCommand, InvestigationStreamEvent, StartOutcome } from '../../application/use-cases/investigation-stream.js';
import { asActorId, asSessionId } from '../../domain/ids.js';
import type { InvestigationResult } from '../../domain/investigation.js';
import type { Logger } from '../shared/logger.js';
import { toWireOutput } from '../shared/wire-output.js';
import { type Authenticator, bearerChallenge } from './authenticator.js';
import { httpErrorStatus } from './http-error.js';
import { acceptedOutput, answerControl, type InvestigationControl } from './invocation-control.js';
import { parseInvocationRequest, toCommand } from './invocation-request.js';
import { isJsonMediaType, readRequestHead, type RequestHead, SESSION_HEADER, sessionIdProblem } from './request-head.js';
import { SseStream } from './sse-stream.js';
import { type ResponseHeaders, UwsExchange } from './uws-exchange.js';

/** The use-case surface this adapter drives (InvestigateIncident implements it). */
export interface InvestigationStarter extends InvestigationControl {
  start(command: InvestigateCommand, signal: AbortSignal): StartOutcome;
}

export interface InvocationHandlerDeps {
  readonly investigations: InvestigationStarter;
  readonly logger: Logger;
  readonly newId: () => string;
  /** When set, every invocation needs a valid bearer token, and its subject is the memory user. */
  readonly authenticate?: Authenticator;
}

export interface InvocationHandlerOptions {
  readonly maxBodyBytes: number;
  readonly heartbeatMs: number;
  /** How long the body may go without a byte arriving before the request is answered 408. */
  readonly bodyTimeoutMs: number;
}

/** Per-request state: ids, the request's logger and what goes back in every response. */
interface Call {
  readonly exchange: UwsExchange;
  readonly requestId: string;
  readonly startedAt: number;
  log: Logger;
  headers: ResponseHeaders;
}

const JSON_TYPE = 'application/json';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `POST /invocations`: validation, admission, then a JSON answer or an SSE stream (CONTRACT.md §2). */
export class InvocationHandler {
  constructor(
    private readonly deps: InvocationHandlerDeps,
    private readonly options: InvocationHandlerOptions,
  ) {}

  handle(res: HttpResponse, req: HttpRequest): void {
    const head = readRequestHead(req);
    const exchange = new UwsExchange(res);
    const requestId = head.requestId ?? this.deps.newId();
    const call: Call = {
      exchange,
      requestId,
      startedAt: performance.now(),
      log: this.deps.logger.child({ requestId, ...(head.sessionId ? { sessionId: head.sessionId } : {}) }),
      headers: { 'X-Request-Id': requestId, ...(head.sessionId ? { [SESSION_HEADER]: head.sessionId } : {}) },
    };
    this.run(call, head).catch((error: unknown) => this.crash(call, error));
  }

  private async run(call: Call, head: RequestHead): Promise<void> {
    if (!isJsonMediaType(head.mediaType)) {
      return this.fail(call, 'unsupported_media_type', `Content-Type ${head.mediaType} is not supported; send application/json.`);
    }
    const limit = this.options.maxBodyBytes;
    if (head.contentLength !== undefined && head.contentLength > limit) {
      return this.fail(call, 'payload_too_large', `The body is ${head.contentLength} bytes; the limit is ${limit}.`, true);
    }
    // The body is read from the start (uWS drops bytes no reader takes) while the token is checked.
    const reading = call.exchange.readBody(limit, this.options.bodyTimeoutMs);
    let subject: string | undefined;
    if (this.deps.authenticate) {
      const verdict = await this.deps.authenticate(head.authorization);
      if (!verdict.ok) {
        call.headers = { ...call.headers, 'WWW-Authenticate': bearerChallenge(verdict) };
        // An unauthenticated body is not worth reading: answer and close the connection.
        void reading.catch(() => undefined);
        return this.fail(call, verdict.code, verdict.message, true);
      }
      subject = verdict.subject;
    }
    const body = await reading;
    if (!body.ok) {
      if (body.reason === 'too_large') return this.fail(call, 'payload_too_large', `The body exceeds the limit of ${limit} bytes.`, true);
      // The rest of the body may still arrive: the connection cannot be reused, so it closes.
      if (body.reason === 'timeout') return this.fail(call, 'request_timeout', `No body bytes arrived for ${this.options.bodyTimeoutMs} ms; send the whole body promptly.`, true);
      return this.finish(call, { outcome: 'client disconnected during upload' });
    }
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(body.body));
    } catch {
      return this.fail(call, 'invalid_json', 'The body is not valid UTF-8 JSON.');
    }
    const parsed = parseInvocationRequest(json);
    if (!parsed.ok) return this.fail(call, 'invalid_request', parsed.message);

    const request = parsed.request;
    const sessionId = asSessionId(head.sessionId ?? request.sessionId ?? this.deps.newId());
    const sessionProblem = sessionIdProblem(sessionId);
    if (sessionProblem) return this.fail(call, 'invalid_request', sessionProblem);
    const asked = toCommand(request, sessionId, this.deps.newId(), head.trace);
    // A verified caller is who the token says, whatever user_id the body claims.
    const command = subject === undefined ? asked : { ...asked, actor: asActorId(subject) };
    const streaming = head.wantsEventStream || request.stream;
    call.log = this.deps.logger.child({ requestId: call.requestId, sessionId });
    call.headers = { ...call.headers, [SESSION_HEADER]: sessionId };
    call.log.info('invocation received', { investigationId: command.investigationId, bytes: body.body.byteLength, streaming });
    if (call.exchange.clientGone) return this.finish(call, { outcome: 'client disconnected before start' });
    if (request.control) {
      const answer = answerControl(this.deps.investigations, request.control, sessionId);
      if (!answer.ok) return this.fail(call, answer.code, answer.message);
      call.exchange.send(200, JSON_TYPE, JSON.stringify({ output: answer.output }), call.headers);
      return this.finish(call, { action: request.control.kind });
    }

    // A background run belongs to nobody's connection: only a cancel request or its deadline stop it.
    const controller = new AbortController();
    if (!request.background) call.exchange.onAbort(() => controller.abort());
    const started = this.deps.investigations.start(command, controller.signal);
    if (!started.ok) {
      // Over capacity is temporary: tell the caller when to come back.
      if (started.error === 'over_capacity') call.headers = { ...call.headers, 'Retry-After': '1' };
      return this.fail(call, started.error, started.message);
    }
    if (request.background) {
      call.exchange.send(200, JSON_TYPE, JSON.stringify({ output: acceptedOutput(command, new Date()) }), call.headers);
      return this.finish(call, { investigationStatus: 'accepted' });
    }
    if (streaming) await this.stream(call, started.events);
    else await this.answer(call, started.events);
  }

  /** Answers once on the `result` event, then drains the rest so the use-case can finish. */
  private async answer(call: Call, events: AsyncIterable<InvestigationStreamEvent>): Promise<void> {
    let result: InvestigationResult | undefined;
    try {
      for await (const event of events) {
        if (event.type !== 'result' || result) continue;
        result = event.result;
        if (result.status === 'failed') {
          const failure = result.failure ?? { code: 'internal', message: 'The investigation failed.' };
          this.fail(call, failure.code, failure.message);
        } else {
          call.exchange.send(200, JSON_TYPE, JSON.stringify({ output: toWireOutput(result) }), call.headers);
          this.finish(call, { investigationStatus: result.status });
        }
      }
    } catch (error) {
      if (!result) throw error;
      return call.log.warn('investigation events failed after the answer was sent', { error });
    }
    if (!result) throw new Error('The investigation ended without a result event');
  }

  /** Streams every event as SSE; a failure after the head went out becomes a final `error` event. */
  private async stream(call: Call, events: AsyncIterable<InvestigationStreamEvent>): Promise<void> {
    const sse = new SseStream(call.exchange, this.options.heartbeatMs);
    sse.open({ ...call.headers, 'X-Accel-Buffering': 'no' });
    let ended = false;
    try {
      for await (const event of events) {
        if (ended) continue;
        if (event.type !== 'result') {
          await sse.send(event);
          continue;
        }
        const result = event.result;
        const failure = result.status === 'failed' ? (result.failure ?? { code: 'internal', message: 'The investigation failed.' }) : undefined;
        await sse.send(failure ? { type: 'error', error: failure } : { type: 'result', output: toWireOutput(result) });
        sse.end();
        ended = true;
        this.finish(call, { investigationStatus: result.status, ...(failure ? { errorCode: failure.code } : {}) });
      }
      if (!ended) throw new Error('The investigation ended without a result event');
    } catch (error) {
      if (ended) return call.log.warn('investigation events failed after the result was sent', { error });
      call.log.error('investigation failed while streaming', { error });
      await sse.send({ type: 'error', error: { code: 'internal', message: internalMessage(call), request_id: call.requestId } });
      sse.end();
      this.finish(call, { errorCode: 'internal' });
    } finally {
      sse.stopHeartbeat();
    }
  }

  private fail(call: Call, code: string, message: string, closeConnection = false): void {
    const body = JSON.stringify({ error: { code, message, request_id: call.requestId } });
    call.exchange.send(httpErrorStatus(code), JSON_TYPE, body, call.headers, closeConnection);
    this.finish(call, { errorCode: code });
  }

  /** Last resort: a bug anywhere in the pipeline is a 500 (or a final SSE error), never a crash. */
  private crash(call: Call, error: unknown): void {
    try {
      call.log.error('invocation handler failed', { error });
      if (call.exchange.started) {
        call.exchange.end(`data: ${JSON.stringify({ type: 'error', error: { code: 'internal', message: internalMessage(call), request_id: call.requestId } })}\n\n`);
        return;
      }
      this.fail(call, 'internal', internalMessage(call));
    } catch {
      // Nothing more can be done for this request; the process must stay up.
    }
  }

  private finish(call: Call, fields: Record<string, unknown>): void {
    const durationMs = Math.round(performance.now() - call.startedAt);
    call.log.info('request finished', { status: call.exchange.status ?? null, durationMs, clientGone: call.exchange.clientGone, ...fields });
  }
}

function internalMessage(call: Call): string {
  return `Internal error; quote request id ${call.requestId} when reporting it.`;
}
