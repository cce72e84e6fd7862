import pg from 'pg';
import { MemoryUnavailable, OperationCancelled } from '../../application/ports/errors.js';

export interface PostgresConnectionOptions {
  readonly connectionString: string;
  /** Server-side `statement_timeout`; the client gives up a little later, for a silent network. */
  readonly queryTimeoutMs: number;
  /** Opening a connection, and waiting for a free one in the pool. */
  readonly connectTimeoutMs: number;
  readonly poolSize: number;
}

// The client-side timeout only has to catch what the server's statement_timeout cannot (a dead peer).
const CLIENT_TIMEOUT_GRACE_MS = 2_000;
const ABORTED = Symbol('aborted');

/** Settles with `p`, or with ABORTED as soon as `signal` aborts (`p` is then left to settle unobserved). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); },
    );
  });
}

// Node reports a refused dual-stack connect as an AggregateError with an empty message.
const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);

// pg keeps the server process id of a connection (for its own cancel requests) but does not type it.
const backendPid = (client: pg.PoolClient): number | undefined => {
  const pid: unknown = (client as { processID?: unknown }).processID;
  return typeof pid === 'number' ? pid : undefined;
};

/**
 * A `pg.Pool` that speaks the port's language: every unit of work gets a connection, honours an
 * `AbortSignal`, and fails with `MemoryUnavailable` (the pg error as `cause`) or `OperationCancelled`.
 * A connection that failed or was abandoned is discarded rather than returned to the pool.
 */
export class PostgresQueryRunner {
  private readonly pool: pg.Pool;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly cancelling = new Set<Promise<void>>();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: PostgresConnectionOptions) {
    this.pool = new pg.Pool({ ...this.clientConfig(), max: options.poolSize });
    // A server restart or a dropped idle connection must not crash the process: the pool discards
    // the client, and the next query that needs the server reports MemoryUnavailable.
    this.pool.on('error', () => undefined);
    // Same for a connection that dies while checked out between two queries: the query in flight
    // (if any) gets the error; without this listener the client's 'error' event would be unhandled.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  /** Rejects like `run` would before it touches the server; for calls that have nothing to send. */
  check(op: string, signal: AbortSignal): void {
    if (signal.aborted) throw new OperationCancelled(`${op} cancelled`);
    if (this.closing) throw new Error(`memory store is closed (${op})`);
  }

  run<T>(op: string, signal: AbortSignal, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
    try {
      this.check(op, signal);
    } catch (error) {
      return Promise.reject(error);
    }
    const running = this.lease(op, signal, work);
    this.inFlight.add(running);
    const done = () => { this.inFlight.delete(running); };
    running.then(done, done);
    return running;
  }

  /** Lets work in flight finish, then closes every connection; later calls reject. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inFlight]);
      await this.pool.end();
      await Promise.allSettled([...this.cancelling]);
    })();
    return this.closing;
  }

  private async lease<T>(op: string, signal: AbortSignal, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
    const cancelled = () => new OperationCancelled(`${op} cancelled`);
    const connecting = this.pool.connect();
    const client = await untilAborted(connecting, signal).catch((error: unknown) => {
      throw signal.aborted ? cancelled() : new MemoryUnavailable(`PostgreSQL memory ${op}: ${messageOf(error)}`, { cause: error });
    });
    if (client === ABORTED) {
      connecting.then((late) => late.release(), () => undefined);
      throw cancelled();
    }
    let result: T | typeof ABORTED;
    try {
      result = await untilAborted(work(client), signal);
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(messageOf(error)));
      throw signal.aborted ? cancelled() : new MemoryUnavailable(`PostgreSQL memory ${op}: ${messageOf(error)}`, { cause: error });
    }
    if (result === ABORTED) {
      this.abandon(client);
      throw cancelled();
    }
    client.release();
    return result;
  }

  /**
   * The caller has gone; its statement may still be running (waiting on a lock, say). Closing the
   * socket alone does not stop a backend that is not reading it, so the server is also asked to
   * cancel it, from a separate connection because the pool may have no free one. The connection
   * is discarded, so a late cancel can never hit the next borrower's statement.
   */
  private abandon(client: pg.PoolClient): void {
    const pid = backendPid(client);
    client.release(new Error('abandoned: the caller cancelled'));
    if (pid === undefined) return;
    const cancel = this.cancelBackend(pid).catch(() => undefined);
    this.cancelling.add(cancel);
    void cancel.then(() => this.cancelling.delete(cancel));
  }

  private async cancelBackend(pid: number): Promise<void> {
    const client = new pg.Client(this.clientConfig());
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT pg_cancel_backend($1)', [pid]);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private clientConfig(): pg.ClientConfig {
    const { connectionString, queryTimeoutMs, connectTimeoutMs } = this.options;
    return {
      connectionString,
      application_name: 'sre-agent',
      connectionTimeoutMillis: connectTimeoutMs,
      statement_timeout: queryTimeoutMs,
      query_timeout: queryTimeoutMs + CLIENT_TIMEOUT_GRACE_MS,
      keepAlive: true,
    };
  }
}
