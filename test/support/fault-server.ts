import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback HTTP endpoint told how to misbehave: each request is answered by the current
 * `behaviour`, which may hang, answer garbage, cut a body mid-way or reset the connection. It can
 * also stop listening, so that the same URL then refuses connections. Used as a model endpoint
 * (Bedrock Runtime) in the fault suites; FakeBedrock stays the scripted, well-formed one.
 */
export type Behaviour = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface FaultRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

export class FaultServer {
  readonly requests: FaultRequest[] = [];
  /** Requests answered by `hang` that are still held open. */
  hanging = 0;
  private behaviour: Behaviour = (_req, res) => void res.writeHead(500).end('no behaviour set');
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private port = 0;

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', body });
        this.behaviour(req, res, body);
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<FaultServer> {
    const fault = new FaultServer();
    await new Promise<void>((resolve) => fault.server.listen(0, '127.0.0.1', resolve));
    fault.port = (fault.server.address() as AddressInfo).port;
    return fault;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections currently open to this endpoint (a client that gave up should have closed its own). */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Every request from now on is answered by `behaviour`; forgets earlier requests. */
  use(behaviour: Behaviour): this {
    this.behaviour = behaviour;
    this.requests.length = 0;
    return this;
  }

  /** Stops listening and drops every connection: the URL now refuses connections. */
  async stopListening(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  close(): Promise<void> {
    return this.stopListening();
  }
}

/** Accepts the request and never answers (until the client or the server closes the connection). */
export function hang(fault: FaultServer): Behaviour {
  return (_req, res) => {
    fault.hanging += 1;
    res.on('close', () => { fault.hanging -= 1; });
  };
}

/** An AWS JSON error, as the service would send it. */
export function awsError(status: number, type: string, message: string): Behaviour {
  return (_req, res) => void res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type }).end(JSON.stringify({ message }));
}

/** A complete 200 response with any body and content type. */
export function ok(contentType: string, body: string | Uint8Array): Behaviour {
  return (_req, res) => void res.writeHead(200, { 'content-type': contentType }).end(body);
}

/** A 200 event stream whose bytes stop inside a frame: `how` ends the HTTP body cleanly or resets the connection. */
export function cutStream(bytes: Uint8Array, how: 'end' | 'reset'): Behaviour {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    res.write(bytes, () => {
      if (how === 'end') res.end();
      else res.socket?.resetAndDestroy();
    });
  };
}

/** Answers each request by its path: Bedrock's `/converse` and `/converse-stream` routes differ. */
export function byRoute(routes: { readonly converse: Behaviour; readonly stream: Behaviour }): Behaviour {
  return (req, res, body) => ((req.url ?? '').split('?')[0]?.endsWith('/converse-stream') ? routes.stream : routes.converse)(req, res, body);
}
