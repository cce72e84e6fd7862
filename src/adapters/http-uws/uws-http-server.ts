import uWS, { type HttpRequest, type HttpResponse, type RecognizedString, type TemplatedApp, type us_listen_socket, type us_socket } from 'uWebSockets.js';
import type { HealthReport } from '../../application/use-cases/runtime-health.js';
import type { Logger } from '../shared/logger.js';
import type { Authenticator } from './authenticator.js';
import { assertNativeUws } from './assert-native-uws.js';
import { httpErrorStatus, statusLine, type HttpErrorCode } from './http-error.js';
import { InvocationHandler, type InvestigationStarter } from './invocation-handler.js';
import { REQUEST_ID_HEADER, SESSION_HEADER } from './request-head.js';
import { WsEndpoint } from './ws-endpoint.js';

// The native binding has `listen(host, port, options, cb)`; the bundled .d.ts only declares the
// options form without a host.
declare module 'uWebSockets.js' {
  interface TemplatedApp {
    listen(host: RecognizedString, port: number, options: number, cb: (listenSocket: us_listen_socket | false) => void): TemplatedApp;
  }
}

// Without it uSockets sets SO_REUSEPORT, and a second server on a taken port "succeeds" silently.
const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;
const DEFAULT_HEARTBEAT_MS = 15_000;
// uWS closes an upload that stalls (or trickles under 16 KB/s) 8–12 s after the head, with no
// answer at all; below that, the client gets a 408 in JSON instead. AgentCore sends bodies at
// once, so a 5 s silence mid-body is a stall, not a slow link.
const DEFAULT_BODY_TIMEOUT_MS = 5_000;

export interface UwsHttpServerDeps {
  readonly investigations: InvestigationStarter;
  readonly health: { report(): HealthReport };
  readonly logger: Logger;
  readonly newId: () => string;
  /** Bearer-token checks on `/invocations` and `/ws` when the runtime runs outside AgentCore; `/ping` stays open. */
  readonly authenticate?: Authenticator;
}

export interface UwsHttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  /** Idle time before an SSE comment line keeps the stream alive; 0 disables it. */
  readonly heartbeatMs?: number;
  /** Time the request body may go without a byte arriving before the answer is 408; tests shorten it. */
  readonly bodyTimeoutMs?: number;
}

type Route = (res: HttpResponse, req: HttpRequest) => void;

/**
 * The AgentCore HTTP protocol on uWebSockets.js: `GET /ping`, `POST /invocations`, the `GET /ws`
 * WebSocket (ws-endpoint.ts, ws-session.ts), and JSON errors for everything else (CONTRACT.md §1–§2).
 */
export class UwsHttpServer {
  private readonly app: TemplatedApp;
  private listenSocket: us_listen_socket | undefined;
  private readonly ws: WsEndpoint;

  constructor(
    private readonly deps: UwsHttpServerDeps,
    private readonly options: UwsHttpServerOptions,
  ) {
    assertNativeUws();
    const invocations = new InvocationHandler(deps, {
      maxBodyBytes: options.maxBodyBytes,
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    });
    this.ws = new WsEndpoint(deps);
    // uWS prefers a method-specific route over `any` on the same pattern, and any pattern over `/*`.
    this.app = uWS
      .App()
      .get('/ping', this.guard((res) => this.ping(res)))
      .any('/ping', this.guard((res, req) => this.error(res, req, 'method_not_allowed', 'Use GET /ping.', { Allow: 'GET' })))
      .post('/invocations', this.guard((res, req) => invocations.handle(res, req)))
      .any('/invocations', this.guard((res, req) => this.error(res, req, 'method_not_allowed', 'Use POST /invocations.', { Allow: 'POST' })))
      // A GET without an upgrade falls through to `/*` (404).
      .ws('/ws', this.ws.behavior())
      .any('/*', this.guard((res, req) => this.error(res, req, 'not_found', 'No such route.')));
  }

  /** Resolves with the bound port (useful with port 0); rejects when the port is taken. */
  listen(): Promise<number> {
    const { host, port } = this.options;
    return new Promise((resolve, reject) => {
      if (this.listenSocket) return reject(new Error('The server is already listening'));
      this.app.listen(host, port, LIBUS_LISTEN_EXCLUSIVE_PORT, (socket) => {
        if (!socket) return reject(new Error(`Cannot listen on ${host}:${port} (in use or not permitted)`));
        this.listenSocket = socket;
        // A listen socket is a socket to uSockets; the .d.ts types them apart.
        const bound = uWS.us_socket_local_port(socket as unknown as us_socket);
        this.deps.logger.debug('http server listening', { host, port: bound });
        resolve(bound);
      });
    });
  }

  /** Stops accepting connections; requests already in flight carry on to their end; open WebSockets get 1001. */
  async close(): Promise<void> {
    if (!this.listenSocket) return;
    this.ws.closeAll();
    uWS.us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    this.deps.logger.debug('http server closed');
  }

  /** Synchronous on purpose: no await, no I/O, so it answers even while investigations run. */
  private ping(res: HttpResponse): void {
    const report = this.deps.health.report();
    const body = JSON.stringify({ status: report.status, time_of_last_update: report.timeOfLastUpdate });
    res.cork(() => res.writeStatus(statusLine(200)).writeHeader('Content-Type', 'application/json').end(body));
  }

  /** Answers a request no route takes, synchronously (so no onAborted is needed). */
  private error(res: HttpResponse, req: HttpRequest, code: HttpErrorCode, message: string, headers: Record<string, string> = {}): void {
    const requestId = req.getHeader(REQUEST_ID_HEADER.toLowerCase()) || this.deps.newId();
    const sessionId = req.getHeader(SESSION_HEADER.toLowerCase());
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    const status = httpErrorStatus(code);
    const body = JSON.stringify({ error: { code, message: `${method} ${path}: ${message}`, request_id: requestId } });
    res.cork(() => {
      res.writeStatus(statusLine(status)).writeHeader('Content-Type', 'application/json').writeHeader('X-Request-Id', requestId);
      for (const [name, value] of Object.entries(headers)) res.writeHeader(name, value);
      res.end(body);
    });
    this.deps.logger.info('request finished', { requestId, ...(sessionId ? { sessionId } : {}), method, path, status, errorCode: code });
  }

  /**
   * An exception escaping a uWS callback takes the process down, so every route is wrapped. Only
   * synchronous throws land here (the routes that answer later catch their own); the response
   * has not been answered yet in that case, so a 500 is still possible.
   */
  private guard(route: Route): Route {
    return (res, req) => {
      try {
        route(res, req);
      } catch (error) {
        const requestId = this.deps.newId();
        this.deps.logger.error('route handler failed', { requestId, error });
        try {
          const body = JSON.stringify({ error: { code: 'internal', message: `Internal error; quote request id ${requestId}.`, request_id: requestId } });
          res.cork(() => res.writeStatus(statusLine(500)).writeHeader('Content-Type', 'application/json').end(body));
        } catch {
          // The response was already ended or aborted: nothing left to tell the client.
        }
      }
    };
  }
}
