import { request } from 'node:http';
import { expect } from 'vitest';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import type { InvestigateIncident } from '../../src/application/use-cases/investigate-incident.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';
import { TOKENS } from '../../src/bootstrap/tokens.js';

/**
 * The whole runtime in this process, configured for a fault suite, with the use case reachable
 * (its `inFlight` and registry are the ground truth for "nothing is left running") and every log
 * line captured. Requests go out on fresh `Connection: close` sockets, so the test's own client
 * keeps no pooled connection that would blur the resource accounting.
 */
export interface FaultRuntime {
  readonly running: RunningServer;
  readonly port: number;
  readonly investigations: InvestigateIncident;
  /** Every log line, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Milliseconds `startServer` took: `/ping` answers from then on. */
  readonly startMs: number;
  invoke(body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  ping(): Promise<{ status: string; time_of_last_update: number }>;
  /** Waits (bounded) for the runtime to have nothing in flight, then asserts `/ping` says `Healthy`. */
  expectIdle(): Promise<void>;
  stop(): Promise<void>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** Wall time from sending to the end of the body. */
  readonly ms: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from the wire, read freely by tests
  json(): any;
}

export async function startFaultRuntime(env: Record<string, string>): Promise<FaultRuntime> {
  const logs: Record<string, unknown>[] = [];
  const logger = new JsonLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', SHUTDOWN_DRAIN_MS: '2000', ...env });
  const t0 = performance.now();
  const running = await startServer(config, { logger });
  const startMs = performance.now() - t0;
  const investigations = await running.container.getAsync(TOKENS.InvestigateIncident);
  const port = running.port;
  const ping = async () => (await httpRequest(port, 'GET', '/ping')).json() as { status: string; time_of_last_update: number };
  return {
    running, port, investigations, logs, startMs, ping,
    invoke: (body, headers = {}) => httpRequest(port, 'POST', '/invocations', typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json', ...headers }),
    async expectIdle() {
      await until(() => investigations.inFlight === 0, 5_000, 'the runtime still has investigations in flight');
      expect(investigations.inFlight).toBe(0);
      expect((await ping()).status).toBe('Healthy');
    },
    stop: () => running.stop(),
  };
}

/** One HTTP/1.1 exchange on its own socket (no pooling), closed by the server after the answer. */
export function httpRequest(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}, timeoutMs = 20_000): Promise<HttpAnswer> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, method, path, agent: false,
      headers: { connection: 'close', ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ms: performance.now() - t0, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls `probe` until it holds; a deadline (not a sleep) bounds it and names what did not happen. */
export async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`${what} (after ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The `### Not checked` section of a report: what it says it could not use. */
export function notChecked(message: string): string {
  const at = message.indexOf('### Not checked');
  if (at === -1) return '';
  const rest = message.slice(at);
  const end = rest.search(/\n(---|### (?!Not checked))/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** Sets AWS variables for the SDK's default credential chain (the runtime never takes credentials from config); returns the undo. */
export function fakeAwsEnvironment(): () => void {
  const values: Record<string, string> = { AWS_ACCESS_KEY_ID: 'AKIDFAKEFAULTS', AWS_SECRET_ACCESS_KEY: 'fake-secret', AWS_EC2_METADATA_DISABLED: 'true' };
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  Object.assign(process.env, values);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
