import type { HttpResponse } from 'uWebSockets.js';
import { statusLine } from './http-error.js';

export type ResponseHeaders = Readonly<Record<string, string>>;

export type BodyOutcome =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too_large' | 'aborted' | 'timeout' };

/**
 * One request/response pair, keeping the uWS rules in one place: `onAborted` is registered at
 * construction (before any await, or uWS terminates the process), every write is corked, and
 * nothing touches the response once the client has gone or the response has ended (uWS throws on
 * a discarded response).
 */
export class UwsExchange {
  private aborted = false;
  private ended = false;
  private headersSent = false;
  private readonly abortListeners: (() => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private writableRegistered = false;
  /** The status sent, for the request log; undefined until headers are out. */
  status: number | undefined;

  constructor(private readonly res: HttpResponse) {
    res.onAborted(() => {
      this.aborted = true;
      this.releaseDrainWaiters();
      for (const listener of this.abortListeners.splice(0)) {
        try {
          listener();
        } catch {
          // An abort listener's bug must not escape into uWS's native callback.
        }
      }
    });
  }

  /** True while something can still be written: the client is there and the response is not ended. */
  get open(): boolean {
    return !this.aborted && !this.ended;
  }

  get clientGone(): boolean {
    return this.aborted;
  }

  get started(): boolean {
    return this.headersSent;
  }

  /** Runs `listener` when the client disconnects before the response ended (at once if it already did). */
  onAbort(listener: () => void): void {
    if (this.aborted) listener();
    else this.abortListeners.push(listener);
  }

  /**
   * Collects the request body, copying each chunk (uWS neuters the ArrayBuffer when the callback
   * returns) and concatenating once. Memory grows with bytes actually received, never with what
   * Content-Length claims. Past `maxBytes` it stops buffering and reports `too_large`.
   *
   * When no byte arrives for `idleTimeoutMs` (a Content-Length longer than what the client sends,
   * a stalled upload) it reports `timeout`, so the caller can answer 408 in JSON. Without it, uWS
   * closes such a connection only at its own fixed idle timeout (8–12 s), silently.
   */
  readBody(maxBytes: number, idleTimeoutMs: number): Promise<BodyOutcome> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const timer = setTimeout(() => settle({ ok: false, reason: 'timeout' }), idleTimeoutMs);
      const settle = (outcome: BodyOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        chunks.length = 0;
        resolve(outcome);
      };
      this.onAbort(() => settle({ ok: false, reason: 'aborted' }));
      this.res.onData((chunk, isLast) => {
        if (settled) return;
        timer.refresh();
        size += chunk.byteLength;
        if (size > maxBytes) return settle({ ok: false, reason: 'too_large' });
        if (chunk.byteLength > 0) chunks.push(Buffer.copyBytesFrom(new Uint8Array(chunk)));
        if (isLast) {
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
          settle({ ok: true, body });
        }
      });
    });
  }

  /**
   * Sends a complete response. `closeConnection` is for answers given before the body was read
   * (413): the rest of an oversized upload is then not worth receiving on this connection.
   */
  send(status: number, contentType: string, body: string, headers: ResponseHeaders = {}, closeConnection = false): void {
    if (!this.open || this.headersSent) return;
    this.res.cork(() => {
      this.writeHead(status, contentType, headers);
      this.res.end(body, closeConnection);
    });
    this.ended = true;
  }

  /** Sends the status line and headers of a streamed response; the head goes out with the first write. */
  beginStream(status: number, contentType: string, headers: ResponseHeaders = {}): void {
    if (!this.open || this.headersSent) return;
    this.res.cork(() => this.writeHead(status, contentType, headers));
  }

  /**
   * Writes a chunk of a streamed response. Returns false when uWS had to buffer it (the client
   * reads slower than we write): the caller then waits for `writable()` before producing more.
   */
  write(chunk: string): boolean {
    if (!this.open) return true;
    let ok = true;
    this.res.cork(() => {
      ok = this.res.write(chunk);
    });
    return ok;
  }

  /** Resolves once the socket drained what `write` buffered, or at once when the client has gone. */
  writable(drainChunk: string): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.registerWritable(drainChunk);
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  end(chunk = ''): void {
    if (!this.open) return;
    this.res.cork(() => {
      if (!this.headersSent) this.writeHead(200, 'text/plain', {});
      this.res.end(chunk);
    });
    this.ended = true;
    this.releaseDrainWaiters();
  }

  private registerWritable(drainChunk: string): void {
    if (this.writableRegistered) return;
    this.writableRegistered = true;
    // uWS does not flush its own buffer while a writable handler is registered, so the handler
    // writes a small chunk (an SSE comment) to push out what is buffered: otherwise the last
    // events could sit in the server until the next one is produced, minutes later.
    this.res.onWritable(() => {
      if (!this.open) return true;
      let ok = false;
      try {
        ok = this.res.write(drainChunk);
      } catch {
        ok = true;
      }
      if (ok) this.releaseDrainWaiters();
      return ok;
    });
  }

  private releaseDrainWaiters(): void {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  private writeHead(status: number, contentType: string, headers: ResponseHeaders): void {
    this.res.writeStatus(statusLine(status));
    this.res.writeHeader('Content-Type', contentType);
    for (const [name, value] of Object.entries(headers)) this.res.writeHeader(name, value);
    this.headersSent = true;
    this.status = status;
  }
}
