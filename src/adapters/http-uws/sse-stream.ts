import type { ResponseHeaders, UwsExchange } from './uws-exchange.js';

const HEARTBEAT = ': keep-alive\n\n';
// The smallest valid SSE line; written only to make uWS flush what backpressure left buffered.
const DRAIN = ':\n\n';

/**
 * A `text/event-stream` response: each event is `data: <one-line JSON>\n\n`, written and flushed
 * at once. `send` resolves only when the client can take more, so a slow reader slows the
 * producer down instead of growing the server's buffer. A comment line goes out when the stream
 * has been idle for `heartbeatMs`, so proxies keep the connection during long model calls.
 */
export class SseStream {
  private lastWriteAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private blocked = false;

  constructor(
    private readonly exchange: UwsExchange,
    private readonly heartbeatMs: number,
  ) {}

  open(headers: ResponseHeaders): void {
    this.exchange.beginStream(200, 'text/event-stream', { 'Cache-Control': 'no-cache', ...headers });
    if (this.heartbeatMs > 0) {
      this.timer = setInterval(() => this.heartbeat(), this.heartbeatMs);
      this.timer.unref();
    }
  }

  /** Writes one event; resolves when the socket can take the next one (or the client left). */
  async send(event: unknown): Promise<void> {
    if (!this.exchange.open) return;
    this.lastWriteAt = Date.now();
    if (this.exchange.write(`data: ${JSON.stringify(event)}\n\n`)) return;
    this.blocked = true;
    try {
      await this.exchange.writable(DRAIN);
    } finally {
      this.blocked = false;
    }
  }

  /** Ends the chunked body cleanly (the terminating zero-length chunk). */
  end(): void {
    this.stopHeartbeat();
    this.exchange.end();
  }

  stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private heartbeat(): void {
    if (!this.exchange.open) return this.stopHeartbeat();
    if (this.blocked || Date.now() - this.lastWriteAt < this.heartbeatMs) return;
    this.lastWriteAt = Date.now();
    this.exchange.write(HEARTBEAT);
  }
}
