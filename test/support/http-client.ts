import { connect, type Socket } from 'node:net';

/** Test-side HTTP helpers: raw sockets for what fetch cannot express, and SSE parsing. */

export interface RawResponse {
  readonly status: number;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SseBody {
  readonly events: unknown[];
  readonly comments: string[];
  /** Blocks that were not `data: <JSON>`: each is a contract violation. */
  readonly malformed: string[];
}

/**
 * One HTTP/1.1 exchange over a raw socket. Bytes are kept as they arrive, so a test can pause
 * reading (backpressure), look at a partial stream, or disconnect at a chosen moment.
 */
export class RawConnection {
  readonly socket: Socket;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** The last bytes received, as latin1. */
  tail = '';
  private closed = false;
  private readonly listeners = new Set<() => void>();

  constructor(port: number, request: string | Buffer) {
    this.socket = connect(port, '127.0.0.1', () => this.socket.write(request));
    this.socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.size += chunk.length;
      this.tail = (this.tail + chunk.toString('latin1')).slice(-64);
      this.notify();
    });
    // A server closing on us (413) may surface as a reset: what arrived before still counts.
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  get receivedBytes(): number {
    return this.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  text(): string {
    return Buffer.concat(this.chunks, this.size).toString('utf8');
  }

  /** Resolves when `predicate` holds for what has arrived; rejects on close or after `timeoutMs`. */
  waitFor(predicate: (c: RawConnection) => boolean, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (predicate(this)) return done(resolve);
        if (this.closed) return done(() => reject(new Error(`connection closed first; got: ${this.text().slice(0, 500)}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out; got: ${this.text().slice(0, 500)}`))), timeoutMs);
      const done = (then: () => void): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        then();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for one complete response: Content-Length satisfied, the final chunk, or a close. */
  async response(timeoutMs = 10_000): Promise<RawResponse> {
    await this.waitFor((c) => c.closed || (c.size > 0 && parseResponse(c.text()) !== undefined), timeoutMs);
    const parsed = parseResponse(this.text(), this.closed);
    if (!parsed) throw new Error(`incomplete response: ${this.text().slice(0, 500)}`);
    return parsed;
  }

  /** Cheap check for the end of a chunked body, for large streams. */
  get sawFinalChunk(): boolean {
    return this.tail.endsWith('\r\n0\r\n\r\n');
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Sends `request` on a fresh socket and reads one response. */
export function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  const connection = new RawConnection(port, request);
  return connection.response().finally(() => connection.destroy());
}

/** Builds request text: `rawPost('/invocations', body, {'content-type': 'application/json'})`. */
export function rawPost(path: string, body: string, headers: Record<string, string> = {}): string {
  const lines = Object.entries({ host: 'localhost', 'content-length': String(Buffer.byteLength(body)), ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Parses one HTTP/1.1 response; undefined while incomplete. A close completes an unframed body. */
export function parseResponse(text: string, closed = false): RawResponse | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...headerLines] = text.slice(0, headEnd).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  const rest = text.slice(headEnd + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const body = dechunk(rest);
    return body === undefined ? undefined : { status, headers, body };
  }
  const length = Number(headers['content-length'] ?? NaN);
  if (Number.isFinite(length)) {
    const bytes = Buffer.from(rest, 'utf8');
    return bytes.length >= length ? { status, headers, body: bytes.subarray(0, length).toString('utf8') } : undefined;
  }
  return closed ? { status, headers, body: rest } : undefined;
}

/** Decodes a chunked body; undefined until the terminating zero-length chunk has arrived. */
export function dechunk(text: string): string | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at, 'latin1');
    if (lineEnd === -1) return undefined;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error(`bad chunk size at ${at}`);
    if (size === 0) return Buffer.concat(parts).toString('utf8');
    const start = lineEnd + 2;
    if (bytes.length < start + size + 2) return undefined;
    parts.push(bytes.subarray(start, start + size));
    at = start + size + 2;
  }
}

/** Splits an SSE body into its `data:` events (JSON-decoded) and comment lines. */
export function parseSse(body: string): SseBody {
  const result: SseBody = { events: [], comments: [], malformed: [] };
  for (const block of body.split('\n\n')) {
    if (block === '') continue;
    if (block.startsWith(':')) {
      result.comments.push(block);
      continue;
    }
    const match = /^data: (.*)$/.exec(block);
    if (!match || block.includes('\n')) {
      result.malformed.push(block);
      continue;
    }
    try {
      result.events.push(JSON.parse(match[1]!));
    } catch {
      result.malformed.push(block);
    }
  }
  return result;
}

/** Reads SSE `data:` events one at a time from a fetch body, as they arrive. */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  /** Every raw block seen so far, comments included, for format assertions. */
  readonly blocks: string[] = [];

  constructor(response: Response) {
    if (!response.body) throw new Error('response has no body');
    this.reader = response.body.getReader();
  }

  /** The next `data:` event, or undefined at the end of the stream. */
  async next(): Promise<unknown> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end !== -1) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.blocks.push(block);
        if (block.startsWith('data: ')) return JSON.parse(block.slice(6));
        continue;
      }
      const { done, value } = await this.reader.read();
      if (done) {
        if (this.buffer.length > 0) throw new Error(`stream ended inside an event: ${this.buffer}`);
        return undefined;
      }
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Every remaining event until a clean end of stream. */
  async rest(): Promise<unknown[]> {
    const events: unknown[] = [];
    for (let event = await this.next(); event !== undefined; event = await this.next()) events.push(event);
    return events;
  }

  async cancel(): Promise<void> {
    await this.reader.cancel();
  }
}
