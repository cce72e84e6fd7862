import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Clock } from '../../application/ports/clock.js';
import type { Logger } from '../shared/logger.js';
import { bearerTokenMatches } from './bearer-auth.js';
import { createDemoToolServer } from './demo-tool-server.js';
import type { Scenario } from './scenario.js';

export interface DemoToolHttpServerOptions {
  readonly scenario: Scenario;
  readonly clock: Clock;
  /** The bearer token every `/mcp` request must carry. Must not be empty. */
  readonly token: string;
  readonly host: string;
  /** 0 lets the OS pick a free port; `listen()` answers the one bound. */
  readonly port: number;
  readonly logger: Logger;
  /** Largest request body accepted; a larger one is answered 413. Defaults to 1 MiB. */
  readonly maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** What one request did, for its log line. */
interface RequestLog {
  rpcMethod?: string;
  tool?: string;
  outcome?: string;
}

/** A response already sent (or being sent) for the request: the caller stops handling it. */
class Answered extends Error {}

/**
 * The demo tool server over MCP Streamable HTTP (`sre-agent tools serve`): `POST /mcp` with
 * `Authorization: Bearer <token>`, and `GET /health` without. Stateless: each POST gets a fresh
 * `McpServer` from `createDemoToolServer` (the code embedded mode runs in-process) and a fresh
 * transport answering with JSON, so any `Mcp-Session-Id` a client sends is accepted and ignored
 * (the AgentCore MCP contract requires this). A failing request is answered, never a crash.
 */
export class DemoToolHttpServer {
  private readonly maxBodyBytes: number;
  private readonly active = new Set<{ server: McpServer; transport: StreamableHTTPServerTransport }>();
  private http: HttpServer | undefined;

  constructor(private readonly options: DemoToolHttpServerOptions) {
    if (options.token.length === 0) throw new Error('DemoToolHttpServer needs a non-empty bearer token');
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isInteger(this.maxBodyBytes) || this.maxBodyBytes <= 0) throw new Error('maxBodyBytes must be a positive integer');
  }

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    if (this.http) throw new Error('DemoToolHttpServer is already listening');
    const http = createServer((req, res) => this.onRequest(req, res));
    // Slow or broken clients must not hold connections forever.
    http.headersTimeout = 30_000;
    http.requestTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port, this.options.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    http.on('error', (error) => this.options.logger.error('tool server error', { error }));
    this.http = http;
    return (http.address() as AddressInfo).port;
  }

  /** Stops listening, drops every open connection and closes the MCP servers still answering. */
  async close(): Promise<void> {
    const http = this.http;
    this.http = undefined;
    if (!http) return;
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeAllConnections();
    await Promise.all([...this.active].map((pair) => closePair(pair)));
    this.active.clear();
    await closed;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const log: RequestLog = {};
    const path = pathOf(req.url);
    res.once('close', () => {
      const fields: Record<string, unknown> = {
        method: req.method, path, status: res.statusCode, duration_ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (log.rpcMethod !== undefined) fields['rpc_method'] = log.rpcMethod;
      if (log.tool !== undefined) fields['tool'] = log.tool;
      if (log.outcome !== undefined) fields['outcome'] = log.outcome;
      if (!res.writableFinished) fields['aborted'] = true;
      this.options.logger.info('tool server request', fields);
    });
    this.route(req, res, path, log).catch((error: unknown) => {
      if (error instanceof Answered) return;
      this.options.logger.error('tool server request failed', { method: req.method, path, error });
      log.outcome = 'internal_error';
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal_error', message: 'The tool server failed to answer this request' } });
      else res.destroy();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse, path: string, log: RequestLog): Promise<void> {
    if (path === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
      return sendJson(res, 200, { status: 'healthy' });
    }
    if (path !== '/mcp') return sendJson(res, 404, { error: { code: 'not_found', message: `No route for ${req.method ?? ''} ${path}` } });
    if (!bearerTokenMatches(req.headers.authorization, this.options.token)) {
      log.outcome = 'unauthorized';
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendJson(res, 401, { error: { code: 'unauthorized', message: 'A valid "Authorization: Bearer <token>" header is required' } });
    }
    // Stateless: there is no standalone SSE stream to open (GET) and no session to end (DELETE).
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');

    const body = await this.readJsonBody(req, res, log);
    describeRpc(body, log);
    await this.serveMcp(req, res, body);
  }

  private async serveMcp(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    // The SDK's stateless mode (no sessionIdGenerator) skips session validation, so an arbitrary
    // Mcp-Session-Id is accepted as it is; we still drop it so that no future SDK check on it can
    // turn a client of a stateful gateway into a 404 here (AgentCore contract item 30).
    delete req.headers['mcp-session-id'];
    const pair = {
      server: createDemoToolServer(this.options.scenario, this.options.clock),
      transport: new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true }),
    };
    this.active.add(pair);
    res.once('close', () => {
      this.active.delete(pair);
      void closePair(pair);
    });
    await pair.server.connect(pair.transport);
    await pair.transport.handleRequest(req, res, body);
  }

  /** The body parsed as JSON; answers 413 or a JSON-RPC parse error (and throws Answered) otherwise. */
  private async readJsonBody(req: IncomingMessage, res: ServerResponse, log: RequestLog): Promise<unknown> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBodyBytes) this.tooLarge(res, log);
    const text = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer): void => {
        size += chunk.length;
        if (size <= this.maxBodyBytes) return void chunks.push(chunk);
        // Stop collecting but keep draining (not destroying) the request, so the 413 gets out.
        req.off('data', onData);
        req.resume();
        try {
          this.tooLarge(res, log);
        } catch (answered) {
          reject(answered);
        }
      };
      req.on('data', onData);
      req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.once('error', reject);
      // A client that goes away mid-body gets no answer (there is no one to read it).
      req.once('close', () => reject(new Answered()));
    });
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      log.outcome = 'parse_error';
      sendJson(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: `Parse error: ${error instanceof Error ? error.message : 'invalid JSON'}` }, id: null });
      throw new Answered();
    }
  }

  private tooLarge(res: ServerResponse, log: RequestLog): never {
    log.outcome = 'body_too_large';
    // The rest of the body is not read: close the connection once the answer is out.
    res.setHeader('Connection', 'close');
    sendJson(res, 413, { error: { code: 'payload_too_large', message: `The request body exceeds ${this.maxBodyBytes} bytes` } });
    throw new Answered();
  }
}

function describeRpc(body: unknown, log: RequestLog): void {
  const messages = Array.isArray(body) ? body : [body];
  const methods: string[] = [];
  const tools: string[] = [];
  for (const message of messages) {
    if (typeof message !== 'object' || message === null) continue;
    const { method, params } = message as { method?: unknown; params?: unknown };
    if (typeof method !== 'string') continue;
    methods.push(method);
    const name = typeof params === 'object' && params !== null ? (params as { name?: unknown }).name : undefined;
    if (method === 'tools/call' && typeof name === 'string') tools.push(name);
  }
  if (methods.length > 0) log.rpcMethod = methods.join(',');
  if (tools.length > 0) log.tool = tools.join(',');
}

async function closePair(pair: { server: McpServer; transport: StreamableHTTPServerTransport }): Promise<void> {
  // Closing the server closes its transport; both are idempotent, and a failure here only
  // concerns a request that is already over.
  await pair.server.close().catch(() => {});
  await pair.transport.close().catch(() => {});
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendJson(res, 405, { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
}
