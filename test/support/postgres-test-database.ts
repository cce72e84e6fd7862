import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

/** The server `.ci/run` starts with scripts/postgres-test-server.sh; unset on a laptop without one. */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];

/**
 * A suite that needs a real PostgreSQL at TEST_DATABASE_URL. Without one it is skipped, except in
 * CI, where a missing database means the pipeline is broken: there the suite fails instead of
 * silently passing with every Postgres test skipped.
 */
export function describeWithPostgres(name: string, suite: (url: string) => void): void {
  if (!TEST_DATABASE_URL && process.env['CI']) {
    describe(name, () => {
      it('needs TEST_DATABASE_URL: a PostgreSQL server is required in CI', () => {
        expect.fail('TEST_DATABASE_URL is unset while CI is set; .ci/run starts one with scripts/postgres-test-server.sh');
      });
    });
    return;
  }
  const reason = TEST_DATABASE_URL ? '' : ' (skipped: TEST_DATABASE_URL is unset; scripts/postgres-test-server.sh starts a server)';
  describe.skipIf(!TEST_DATABASE_URL)(`${name}${reason}`, () => suite(TEST_DATABASE_URL ?? ''));
}

/** Uniquely named schemas, so tests (and engineers sharing the server) never see each other's rows. */
export class TestSchemas {
  private readonly created: string[] = [];

  constructor(private readonly url: string) {}

  next(): string {
    const name = `sre_test_${randomBytes(6).toString('hex')}`;
    this.created.push(name);
    return name;
  }

  /** Drops every schema handed out so far; call after the stores using them are closed. */
  async dropAll(): Promise<void> {
    const names = this.created.splice(0);
    if (names.length === 0) return;
    await withClient(this.url, async (client) => {
      for (const name of names) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    });
  }
}

/** A plain connection outside any store, for arranging and inspecting the database. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'sre-agent-tests' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
