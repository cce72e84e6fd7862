import type { HttpRequest, HttpResponse, us_socket_context_t, WebSocket, WebSocketBehavior } from 'uWebSockets.js';
import { bearerChallenge } from './authenticator.js';
import { statusLine } from './http-error.js';
import { REQUEST_ID_HEADER, SESSION_HEADER, sessionIdProblem } from './request-head.js';
import { type WsDeps, WsSession, type WsUserData } from './ws-session.js';

/**
 * `GET /ws` (CONTRACT.md §1, §3 item 14): one WebSocket is one session.
 *
 * Client → server, JSON text messages:
 * - `{"type":"invoke", …}`: the body of `POST /invocations` (flat or `{"input":{…}}`); starts an
 *   investigation in this socket's session (the socket's session wins over `session_id`).
 *   `"async": true` answers `{"type":"accepted","output":…}` first, and the run outlives the socket.
 * - `{"type":"approve"}`, `{"type":"modify","plan":{…}}`, `{"type":"reject"}`: answer the plan
 *   awaiting approval in this session; the resumed investigation streams like an invoke.
 * - `{"type":"cancel"}` (optionally `investigation_id`) and `{"type":"status","investigation_id":…}`:
 *   answered with `{"type":"control","action":"cancel"|"status","output":…}`.
 *
 * Server → client: `{"type":"ready","session_id":…,"request_id":…}` after the upgrade, then the
 * SSE events of each investigation in order (`started`, progress events, and a final
 * `{"type":"result","output":…}` or `{"type":"error","error":{code,message}}`). A message that
 * cannot be taken, or a refusal (over_capacity, session_busy, shutting_down), is an
 * `{"type":"error","error":{code,message,request_id}}` frame and the socket stays open. Frames
 * over 32,000 bytes are split into `fragment` frames (see ws-frames.ts).
 */

const MAX_MESSAGE_BYTES = 1024 * 1024;
const IDLE_TIMEOUT_S = 120;
// Sends wait for `drain` long before this; it only guards against uWS silently dropping frames.
const MAX_BACKPRESSURE_BYTES = 8 * 1024 * 1024;
const CLOSE_GOING_AWAY = 1001;
const MAX_SESSION_ID_CHARS = 256;
const BEARER_PROTOCOL = 'base64UrlBearerAuthorization';

/** Builds the `app.ws('/ws', …)` behaviour and keeps track of the open sockets. */
export class WsEndpoint {
  private readonly sessions = new Set<WsSession>();

  constructor(private readonly deps: WsDeps) {}

  behavior(): WebSocketBehavior<WsUserData> {
    return {
      maxPayloadLength: MAX_MESSAGE_BYTES,
      idleTimeout: IDLE_TIMEOUT_S,
      sendPingsAutomatically: true,
      maxBackpressure: MAX_BACKPRESSURE_BYTES,
      upgrade: (res, req, context) => this.upgrade(res, req, context),
      open: (ws) => this.guard(ws, () => {
        const { session } = ws.getUserData();
        this.sessions.add(session);
        session.open(ws);
      }),
      message: (ws, message, isBinary) => this.guard(ws, () => ws.getUserData().session.receive(message, isBinary)),
      drain: (ws) => ws.getUserData().session.drained(),
      close: (ws, code) => {
        const { session } = ws.getUserData();
        this.sessions.delete(session);
        session.closed(code);
      },
    };
  }

  /** Ends every open socket (server shutdown): the clients see 1001 "going away". */
  closeAll(): void {
    for (const session of [...this.sessions]) session.end(CLOSE_GOING_AWAY, 'server closing');
  }

  /** Everything is read from `req` here, synchronously: it is invalid once this returns. */
  private upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void {
    const requestId = req.getHeader(REQUEST_ID_HEADER.toLowerCase()).trim() || this.deps.newId();
    const given = req.getHeader(SESSION_HEADER.toLowerCase()).trim() || (req.getQuery('session_id') ?? '').trim();
    const key = req.getHeader('sec-websocket-key');
    const offered = req.getHeader('sec-websocket-protocol');
    const protocol = chooseProtocol(offered);
    const extensions = req.getHeader('sec-websocket-extensions');
    const authorization = req.getHeader('authorization') || bearerFromProtocols(offered);
    const refuse = (status: string, code: string, message: string, headers: Record<string, string> = {}): void => {
      const body = JSON.stringify({ error: { code, message, request_id: requestId } });
      res.cork(() => {
        res.writeStatus(status).writeHeader('Content-Type', 'application/json');
        for (const [name, value] of Object.entries(headers)) res.writeHeader(name, value);
        res.end(body);
      });
    };
    const problem = given.length > MAX_SESSION_ID_CHARS ? `The session id must be at most ${MAX_SESSION_ID_CHARS} characters.` : sessionIdProblem(given);
    if (problem) return refuse('400 Bad Request', 'invalid_request', problem);
    const sessionId = given || this.deps.newId();
    const authenticate = this.deps.authenticate;
    if (!authenticate) {
      const session = new WsSession(this.deps, requestId, sessionId);
      res.cork(() => res.upgrade<WsUserData>({ session }, key, protocol, extensions, context));
      return;
    }
    // Checking the token is asynchronous: uWS allows the upgrade later, if the client is still there.
    let gone = false;
    res.onAborted(() => { gone = true; });
    void authenticate(authorization || undefined).then((verdict) => {
      if (gone) return;
      if (!verdict.ok) return refuse(statusLine(verdict.status), verdict.code, verdict.message, { 'WWW-Authenticate': bearerChallenge(verdict) });
      const session = new WsSession(this.deps, requestId, sessionId, verdict.subject);
      res.cork(() => res.upgrade<WsUserData>({ session }, key, protocol, extensions, context));
    }).catch((error: unknown) => {
      this.deps.logger.error('websocket authentication failed', { requestId, error });
      if (!gone) refuse('500 Internal Server Error', 'internal', `Internal error; quote request id ${requestId}.`);
    });
  }

  /** An exception escaping a uWS callback takes the process down: log it and close with 1011. */
  private guard(ws: WebSocket<WsUserData>, body: () => void): void {
    try {
      body();
    } catch (error) {
      ws.getUserData().session.crash(error);
    }
  }
}

/**
 * Browsers cannot send headers, so the AgentCore SDK offers its bearer token as a subprotocol
 * (`base64UrlBearerAuthorization.<token>, base64UrlBearerAuthorization`); the handshake must
 * select one offered protocol (never the one carrying the token), or none when none is offered.
 */
function bearerFromProtocols(header: string): string {
  const carrier = header.split(',').map((p) => p.trim()).find((p) => p.startsWith(`${BEARER_PROTOCOL}.`));
  if (!carrier) return '';
  try {
    return `Bearer ${Buffer.from(carrier.slice(BEARER_PROTOCOL.length + 1), 'base64url').toString('utf8')}`;
  } catch {
    return '';
  }
}

function chooseProtocol(header: string): string {
  const offered = header.split(',').map((p) => p.trim()).filter(Boolean);
  if (offered.length === 0) return '';
  if (offered.includes(BEARER_PROTOCOL)) return BEARER_PROTOCOL;
  return offered.find((p) => !p.startsWith(`${BEARER_PROTOCOL}.`)) ?? '';
}
