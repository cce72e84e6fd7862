import { expect } from 'vitest';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { startServer } from '../../src/bootstrap/server.js';

export interface HostileRuntime {
  readonly port: number;
  readonly url: string;
  /** The last log lines (a bounded window: a long run must not hoard them), parsed. */
  readonly recentLogs: Record<string, unknown>[];
  /** Every `error` line since start: a hostile request must never produce one. */
  readonly errors: Record<string, unknown>[];
  /** Asserts `/ping` answers 200 with a health status, and that nothing was logged at error level. */
  expectHealthy(): Promise<void>;
  stop(): Promise<void>;
}

export interface HostileRuntimeOptions {
  readonly maxBodyBytes: number;
  /** The HTTP adapter's body inactivity timeout, shortened so a stalled upload is seen in ms. */
  readonly bodyTimeoutMs: number;
  readonly env?: Record<string, string>;
}

const RECENT_LOG_LINES = 300;

/**
 * The whole runtime as `npm start` wires it (offline analyst, embedded tools, in-memory memory)
 * on a loopback port. The body timeout is not a setting, only a constructor option of
 * UwsHttpServer; the container passes `config.http` to it whole, so it is added there.
 */
export async function startHostileRuntime(options: HostileRuntimeOptions): Promise<HostileRuntime> {
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', MEMORY_BACKEND: 'in-memory', SHUTDOWN_DRAIN_MS: '2000',
    MAX_BODY_BYTES: String(options.maxBodyBytes), ...options.env,
  });
  const http = { ...config.http, bodyTimeoutMs: options.bodyTimeoutMs };
  const recentLogs: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  const logger = new JsonLogger({
    level: 'info',
    write: (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry['level'] === 'error') errors.push(entry);
      recentLogs.push(entry);
      if (recentLogs.length > RECENT_LOG_LINES) recentLogs.splice(0, recentLogs.length - RECENT_LOG_LINES);
    },
  });
  const running = await startServer({ ...config, http }, { logger });
  const url = `http://127.0.0.1:${running.port}`;
  return {
    port: running.port,
    url,
    recentLogs,
    errors,
    async expectHealthy() {
      const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: expect.stringMatching(/^Healthy(Busy)?$/) });
      expect(errors).toEqual([]);
    },
    stop: () => running.stop(),
  };
}
