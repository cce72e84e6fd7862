import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';
import { parseResponse, type RawResponse } from './http-client.js';

/**
 * A raw TCP client for requests no HTTP client will send: lying lengths, bytes trickled one at a
 * time, uploads cut off, garbage instead of a request line. It records everything the server
 * sends and when the server closed the connection.
 */
export class HostileSocket {
  private readonly chunks: Buffer[] = [];
  private closedAtMs: number | undefined;
  private readonly openedAtMs = performance.now();
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.notify();
    });
    // A server that closes on an upload in progress may surface as a reset: what arrived still counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closedAtMs = performance.now();
      this.notify();
    });
  }

  static open(port: number): Promise<HostileSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      socket.once('connect', () => resolve(new HostileSocket(socket)));
      socket.once('error', reject);
    });
  }

  /** Opens a connection and writes `data` at once. */
  static async send(port: number, data: string | Buffer): Promise<HostileSocket> {
    const s = await HostileSocket.open(port);
    s.write(data);
    return s;
  }

  get closed(): boolean {
    return this.closedAtMs !== undefined;
  }

  /** Milliseconds from connect to close, undefined while open. */
  get closedAfterMs(): number | undefined {
    return this.closedAtMs === undefined ? undefined : this.closedAtMs - this.openedAtMs;
  }

  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  write(data: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** Writes `data` one byte every `gapMs`; stops early when the server closes. */
  async trickle(data: string | Buffer, gapMs: number): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let i = 0; i < bytes.length && !this.closed; i += 1) {
      this.write(bytes.subarray(i, i + 1));
      if (i < bytes.length - 1) await sleep(gapMs);
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Resolves true once the server closed the connection, false after `timeoutMs`. */
  waitForClose(timeoutMs: number): Promise<boolean> {
    return this.waitUntil(() => this.closed, timeoutMs);
  }

  /** The first complete response; rejects when none arrives within `timeoutMs`. */
  async response(timeoutMs = 5_000): Promise<RawResponse> {
    await this.waitUntil(() => this.closed || this.parsed() !== undefined, timeoutMs);
    const parsed = this.parsed();
    if (!parsed) throw new Error(`no complete response (closed: ${this.closed}); got: ${JSON.stringify(this.received.toString('latin1').slice(0, 300))}`);
    return parsed;
  }

  /** Every complete response on this connection so far, in order (keep-alive); Content-Length framed ones only. */
  responses(): RawResponse[] {
    const all: RawResponse[] = [];
    let rest = this.received.toString('utf8');
    for (let r = parseResponse(rest); r; r = parseResponse(rest)) {
      all.push(r);
      rest = rest.slice(rest.indexOf('\r\n\r\n') + 4 + r.body.length);
    }
    return all;
  }

  private parsed(): RawResponse | undefined {
    return parseResponse(this.received.toString('utf8'), this.closed);
  }

  private waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A request head for POST /invocations with the given extra header lines (no final blank line). */
export function postHead(...headers: string[]): string {
  return ['POST /invocations HTTP/1.1', 'host: localhost', 'content-type: application/json', ...headers].join('\r\n') + '\r\n\r\n';
}

/** A complete POST /invocations with a correct Content-Length. */
export function post(body: string | Buffer, ...headers: string[]): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([Buffer.from(postHead(`content-length: ${bytes.length}`, ...headers)), bytes]);
}

/** The project's error shape (CONTRACT.md §2): JSON `{"error":{"code","message","request_id"}}` with the status of its code. */
export function expectJsonError(res: RawResponse, status: number, code: string, message?: RegExp): { code: string; message: string } {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status, type: 'application/json' });
  const body = JSON.parse(res.body) as { error: { code: string; message: string; request_id: string } };
  expect(body).toEqual({ error: { code, message: expect.any(String), request_id: expect.any(String) } });
  if (message) expect(body.error.message).toMatch(message);
  return body.error;
}
