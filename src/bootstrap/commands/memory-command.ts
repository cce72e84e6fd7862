import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { formatMemoryLine, parseSeed, personaSeed } from '../../adapters/cli/memory-seed.js';
import type { MemoryFilter, MemoryStore } from '../../application/ports/agent-memory.js';
import { asActorId, asSessionId } from '../../domain/ids.js';
import { MEMORY_KINDS, type MemoryKind } from '../../domain/memory.js';
import { PERSONAS } from '../../domain/personas.js';
import { loadConfig } from '../config.js';
import { memoryStoreFor } from '../memory-store.js';

const CALL_TIMEOUT_MS = 30_000;

/** The configured store, refusing backends that keep nothing beyond this process. */
async function withStore<T>(fn: (store: MemoryStore, signal: AbortSignal) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  if (config.memory.backend === 'none' || config.memory.backend === 'in-memory') {
    throw new Error(`MEMORY_BACKEND=${config.memory.backend} keeps nothing beyond one process; use sqlite (the default), postgres or agentcore`);
  }
  const store = memoryStoreFor(config.memory);
  try {
    return await fn(store, AbortSignal.timeout(CALL_TIMEOUT_MS));
  } finally {
    await store.close();
  }
}

const kindOption = () => new Option('--kind <kind>', 'preference, infrastructure or investigation').choices(MEMORY_KINDS as MemoryKind[]);

/** `sre-agent memory seed|list|delete`: what the runtime remembers, on the backend MEMORY_BACKEND names. */
export function memoryCommand(): Command {
  const memory = new Command('memory').description('administer long-term memory (MEMORY_BACKEND, DATA_DIR, DATABASE_URL, AGENTCORE_MEMORY_ID)');

  memory.command('seed')
    .description('store user preferences: the built-in personas (alice, a technical SRE; carol, an executive) or a JSON file { "<user>": [preference, …] }; a user\'s earlier preferences are replaced')
    .argument('[file]', 'seed file (JSON)')
    .action(async (file: string | undefined) => {
      const seed = file ? parseSeed(await readFile(file, 'utf8')) : personaSeed(PERSONAS);
      await withStore(async (store, signal) => {
        for (const [user, records] of Object.entries(seed)) {
          const actor = asActorId(user);
          if (records.some((r) => r.kind === 'preference')) await store.forget({ actor, kind: 'preference' }, signal);
          await store.remember(actor, asSessionId('preferences-default'), records, signal);
          console.log(`${actor}: ${records.length} record${records.length === 1 ? '' : 's'}`);
        }
      });
    });

  memory.command('list')
    .description('print stored records, oldest first')
    .option('--actor <user>', 'only this user\'s records')
    .addOption(kindOption())
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print the records as JSON')
    .action(async (opts: { actor?: string; kind?: MemoryKind; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new Error('--limit takes a whole number from 1 to 100000');
      const filter: MemoryFilter = { ...(opts.actor ? { actor: asActorId(opts.actor) } : {}), ...(opts.kind ? { kind: opts.kind } : {}) };
      const rows = await withStore((store, signal) => store.list(filter, limit, signal));
      if (opts.json) console.log(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) console.log('(nothing stored)');
      else for (const row of rows) console.log(formatMemoryLine(row));
    });

  memory.command('delete')
    .description('delete stored records: a user\'s (optionally of one kind), one record by id, or --all')
    .option('--actor <user>', 'this user\'s records')
    .addOption(kindOption())
    .option('--id <id>', 'one record, by the id `memory list` prints')
    .option('--all', 'every record of every user')
    .action(async (opts: { actor?: string; kind?: MemoryKind; id?: string; all?: boolean }) => {
      if (!opts.actor && !opts.id && !opts.all) throw new Error('say what to delete: --actor <user> [--kind <kind>], --id <id>, or --all');
      const filter: MemoryFilter = { ...(opts.actor ? { actor: asActorId(opts.actor) } : {}), ...(opts.kind ? { kind: opts.kind } : {}), ...(opts.id ? { id: opts.id } : {}) };
      const n = await withStore((store, signal) => store.forget(filter, signal));
      console.log(`deleted ${n} record${n === 1 ? '' : 's'}`);
    });
  return memory;
}
