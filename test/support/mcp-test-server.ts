import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

export interface RecordedRequest {
  readonly method: string;
  /** The bearer token sent, if any. */
  readonly token: string | undefined;
  /** The JSON-RPC method of a POST (`initialize`, `tools/list`, …). */
  readonly rpcMethod: string | undefined;
  readonly status: 'rejected' | 'failed' | 'hung' | 'served';
}

export interface McpTestServerOptions {
  /** A fresh MCP server for each session, as a gateway serves each client. */
  readonly makeServer: () => McpServer | Server;
  /** Which bearer tokens are accepted; without it, any request is. A refused one gets 401. */
  readonly acceptToken?: (token: string | undefined) => boolean;
  /** Answer with JSON bodies instead of SSE streams. */
  readonly jsonResponse?: boolean;
}

/** A Streamable HTTP MCP server on 127.0.0.1 (path `/mcp`) that misbehaves on request. */
export interface McpTestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The next `times` POSTs are answered with `status` (and `headers`), before any MCP handling. */
  failNext(status: number, times: number, headers?: Record<string, string>): void;
  /** The next `times` POSTs are never answered (until the server stops). */
  hangNext(times: number): void;
  /** Dies: stops listening, drops every connection and forgets every session. */
  stop(): Promise<void>;
  /** Comes back on the same port, with no sessions. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startMcpTestServer(options: McpTestServerOptions): Promise<McpTestServer> {
  const requests: RecordedRequest[] = [];
  const failures: { status: number; times: number; headers: Record<string, string> }[] = [];
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const servers: (McpServer | Server)[] = [];
  let hang = 0;
  let port = 0;
  let http: HttpServer | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!req.url?.startsWith('/mcp')) return void res.writeHead(404).end();
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
    const body: unknown = req.method === 'POST' ? JSON.parse(await readBody(req)) : undefined;
    const rpcMethod = typeof body === 'object' && body !== null && 'method' in body ? String(body.method) : undefined;
    const record = (status: RecordedRequest['status']) => requests.push({ method: req.method ?? '', token, rpcMethod, status });
    if (options.acceptToken && !options.acceptToken(token)) {
      record('rejected');
      return void res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end('{"message":"Unauthorized"}');
    }
    const failure = req.method === 'POST' ? failures[0] : undefined;
    if (failure) {
      if (--failure.times <= 0) failures.shift();
      record('failed');
      return void res.writeHead(failure.status, { 'content-type': 'text/plain', ...failure.headers }).end(`failing with ${failure.status}`);
    }
    if (req.method === 'POST' && hang > 0) {
      hang -= 1;
      record('hung');
      return;
    }
    record('served');
    const sessionId = req.headers['mcp-session-id'];
    let transport = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (typeof sessionId === 'string' && !transport) {
      return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}');
    }
    if (!transport) {
      if (!isInitializeRequest(body)) return void res.writeHead(400).end('{"jsonrpc":"2.0","error":{"code":-32000,"message":"No session"},"id":null}');
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID, enableJsonResponse: options.jsonResponse ?? false,
        onsessioninitialized: (id) => { sessions.set(id, created); },
      });
      const server = options.makeServer();
      servers.push(server);
      await server.connect(created);
      transport = created;
    }
    await transport.handleRequest(req, res, body);
  }

  async function start(): Promise<void> {
    const server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    http = server;
  }

  async function stop(): Promise<void> {
    const server = http;
    http = undefined;
    hang = 0;
    const closing = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    server?.closeAllConnections();
    await Promise.all(servers.splice(0).map((s) => s.close().catch(() => {})));
    sessions.clear();
    await closing;
  }

  await start();
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests,
    failNext: (status, times, headers = {}) => { failures.push({ status, times, headers }); },
    hangNext: (times) => { hang += times; },
    stop,
    start,
    close: stop,
  };
}

export interface TokenEndpoint {
  readonly url: string;
  /** Every token issued, oldest first. */
  readonly issued: string[];
  /** The Authorization and body of every request. */
  readonly requests: { authorization: string | undefined; body: string }[];
  /** A token this endpoint issued that has not expired. */
  isValid(token: string | undefined): boolean;
  close(): Promise<void>;
}

/** An OAuth2 client-credentials token endpoint as Cognito runs it: Basic client auth, form body. */
export async function startTokenEndpoint(options: { clientId: string; clientSecret: string; expiresInS: number }): Promise<TokenEndpoint> {
  const issued: string[] = [];
  const expiry = new Map<string, number>();
  const requests: { authorization: string | undefined; body: string }[] = [];
  const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      requests.push({ authorization: req.headers.authorization, body });
      const form = new URLSearchParams(body);
      if (req.headers.authorization !== expected) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
      if (form.get('grant_type') !== 'client_credentials') return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"unsupported_grant_type"}');
      const token = `token-${issued.length + 1}-${randomUUID()}`;
      issued.push(token);
      expiry.set(token, Date.now() + options.expiresInS * 1000);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, expires_in: options.expiresInS, token_type: 'Bearer' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oauth2/token`,
    issued,
    requests,
    isValid: (token) => token !== undefined && (expiry.get(token) ?? 0) > Date.now(),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
