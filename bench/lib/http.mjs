// Small HTTP helpers over node:http (keep-alive agents), raw sockets for byte-level timing, and stats.
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { Buffer } from 'node:buffer';
import { clearTimeout, setTimeout } from 'node:timers';

export const now = () => performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One request; resolves { status, body, ms } or rejects on a socket error or the timeout. */
export function request({ port, method = 'GET', path = '/', body, headers = {}, agent = false, timeoutMs = 30_000 }) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const t0 = now();
    const req = http.request({
      host: '127.0.0.1', port, method, path, agent,
      headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}), ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: now() - t0 }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls `GET /ping` (a new connection each try) until 200; resolves ms since `t0`, or rejects at the deadline or when the process exits. */
export async function waitForPing(port, { t0 = now(), deadlineMs = 30_000, intervalMs = 3, proc } = {}) {
  let lastError = 'no answer';
  while (now() - t0 < deadlineMs) {
    if (proc?.exited) throw new Error(`exited (code ${proc.exitCode}, signal ${proc.signal}) before /ping answered: ${proc.output.trim().slice(-600)}`);
    try {
      const res = await request({ port, path: '/ping', timeoutMs: 2000 });
      if (res.status === 200) return now() - t0;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = error.code ?? error.message;
    }
    await sleep(intervalMs);
  }
  throw new Error(`/ping on :${port} not 200 within ${deadlineMs} ms (last: ${lastError})`);
}

/**
 * Opens a connection first, then times from writing the request to (a) the first response byte and
 * (b) the first SSE event bytes (`data:` or `event:`), and reads the stream to its end.
 */
export function timeFirstSseEvent(port, body, { timeoutMs = 30_000, untilEnd = true } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const payload = Buffer.from(JSON.stringify(body));
    let t0 = 0, firstByte, firstEvent, seen = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('SSE timeout')); }, timeoutMs);
    socket.setNoDelay(true);
    socket.once('connect', () => {
      const head = `POST /invocations HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        `Accept: text/event-stream\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`;
      t0 = now();
      socket.write(Buffer.concat([Buffer.from(head), payload]));
    });
    socket.on('data', (chunk) => {
      const t = now();
      firstByte ??= t - t0;
      seen = (seen + chunk.toString('latin1')).slice(-65536);
      if (firstEvent === undefined) {
        const bodyStart = seen.indexOf('\r\n\r\n');
        if (bodyStart >= 0 && /(^|\n)(data|event):/.test(seen.slice(bodyStart + 4).replace(/^[0-9a-f]+\r\n/gim, ''))) firstEvent = t - t0;
        // Closing the connection early cancels the investigation on the server (CONTRACT.md §3.10).
        if (firstEvent !== undefined && !untilEnd) return void socket.destroy();
      }
      // The chunked stream's terminator: the final `result` event was written and the stream closed.
      if (seen.endsWith('\r\n0\r\n\r\n')) socket.end();
    });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => {
      clearTimeout(timer);
      if (firstEvent === undefined) reject(new Error(`no SSE event; got: ${seen.slice(0, 300)}`));
      else resolve({ firstByteMs: firstByte, firstEventMs: firstEvent, total: now() - t0, complete: seen.includes('"type":"result"') });
    });
  });
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, min: s[0], p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}

export const median = (values) => stats(values).p50;
