import { UwsHttpServer } from '../../src/adapters/http-uws/uws-http-server.js';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { FakeHealth, type FakeRun, FakeInvestigationStarter } from '../fakes/fake-investigation-starter.js';

export interface TestServer {
  readonly port: number;
  readonly url: string;
  readonly starter: FakeInvestigationStarter;
  readonly health: FakeHealth;
  /** Every log line the server wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The real UwsHttpServer on 127.0.0.1, a free port, the fake starter and a capturing JsonLogger. */
export async function startTestServer(runs: FakeRun[] = [], options: { maxBodyBytes?: number; heartbeatMs?: number } = {}): Promise<TestServer> {
  const starter = new FakeInvestigationStarter(runs);
  const health = new FakeHealth();
  const logs: Record<string, unknown>[] = [];
  const logger = new JsonLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  let next = 0;
  const server = new UwsHttpServer(
    { investigations: starter, health, logger, newId: () => `gen-${++next}` },
    { host: '127.0.0.1', port: 0, maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}) },
  );
  const port = await server.listen();
  return { port, url: `http://127.0.0.1:${port}`, starter, health, logs, close: () => server.close() };
}

/** POSTs JSON to /invocations with fetch. */
export function invoke(server: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
