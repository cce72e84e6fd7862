#!/usr/bin/env node
// Profiles the runtime when a benchmark target is missed; not part of `npm run bench`.
//   node bench/profile.mjs startup          --cpu-prof from spawn to the first /ping 200
//   node bench/profile.mjs investigations   --cpu-prof over 10 s of offline investigations (concurrency 8)
//   node bench/profile.mjs burst [N]        --cpu-prof over N (200) concurrent investigations, 200 ms model
//   node bench/profile.mjs heap [seconds]   heap snapshot after `seconds` (6) of investigations: who holds the bytes
// CPU profiles are mapped back to the sources through the bundle's source map. BENCH_RUNTIME_ENTRY
// picks another bundle (default dist/main.mjs). Output goes to bench/.prof/.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarise } from './lib/cpuprofile.mjs';
import { attribute } from './lib/heapsnapshot.mjs';
import { waitForPing, now, sleep } from './lib/http.mjs';
import { burst, closedLoop } from './lib/investigations.mjs';
import { ROOT, RUNTIME_ENTRY, runtimeEnv } from './lib/peers.mjs';
import { freePort, installCleanup, memory, start, stop } from './lib/procs.mjs';

installCleanup();
const [scenario = 'investigations', arg] = process.argv.slice(2);
const dir = fileURLToPath(new URL('./.prof/', import.meta.url));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const port = await freePort();
const env = runtimeEnv({ PORT: String(port), ...(scenario === 'burst' ? { OFFLINE_LLM_DELAY_MS: '200' } : {}) });
const flags = scenario === 'heap' ? ['--heapsnapshot-signal=SIGUSR2'] : ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'];
const t0 = now();
// cwd = bench/.prof: the heap snapshot is written to the working directory.
const proc = start('runtime', process.execPath, [...flags, `${ROOT}${RUNTIME_ENTRY}`], { env, cwd: dir });
try {
  const ms = await waitForPing(port, { t0, proc });
  console.log(`first /ping 200 after ${ms.toFixed(1)} ms (${scenario === 'heap' ? 'heap snapshots enabled' : 'with the profiler on'})`);
  if (scenario === 'investigations') {
    const r = await closedLoop(port, { concurrency: 8, warmupMs: 0, durationMs: 10_000 });
    console.log(`${r.completed} investigations, ${r.errors.length} errors`);
  } else if (scenario === 'burst') {
    const b = await burst(port, Number(arg ?? 200));
    console.log(`${b.results.filter((x) => x.ok).length}/${b.results.length} completed in ${(b.wallMs / 1000).toFixed(2)} s`);
  } else if (scenario === 'heap') {
    const before = memory(proc.pid);
    const r = await closedLoop(port, { concurrency: 8, warmupMs: 0, durationMs: Number(arg ?? 6) * 1000 });
    await sleep(2000);
    const after = memory(proc.pid);
    console.log(`${r.completed} investigations; RSS ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB (${((after.rssMb - before.rssMb) / r.completed).toFixed(2)} MB per investigation)`);
    process.kill(proc.pid, 'SIGUSR2');
    const until = now() + 60_000;
    let file;
    // The snapshot is complete once its size stops changing.
    for (let last = -1; now() < until; await sleep(1000)) {
      file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot'));
      const { size } = file ? (await import('node:fs')).statSync(`${dir}${file}`) : { size: -1 };
      if (file && size === last && size > 0) break;
      last = size;
    }
    if (!file) throw new Error('no heap snapshot written');
    console.log(`\nheap ${dir}${file}, bytes by what keeps them alive (shortest path from the GC roots):`);
    for (const row of attribute(`${dir}${file}`, (process.env.HEAP_MARKERS ?? 'gcPersistentSignals,MemorySaver').split(','))) console.log(`${row.mb.toFixed(1).padStart(9)} MB  ${row.name}`);
  }
} finally {
  await stop(proc, 30_000); // SIGTERM: the runtime exits itself and V8 writes the CPU profile
}

if (scenario !== 'heap') {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${dir} (exit code ${proc.exitCode}, signal ${proc.signal})`);
  const s = summarise(`${dir}${file}`, { top: 30 });
  const show = (title, rows) => {
    console.log(`\n${title}`);
    for (const r of rows) console.log(`${r.ms.toFixed(1).padStart(9)} ms ${r.pct.toFixed(1).padStart(5)}%  ${r.name}`);
  };
  console.log(`\nprofile ${dir}${file}: ${s.totalMs.toFixed(0)} ms, busy ${s.busyMs.toFixed(0)} ms`);
  show('self time by area (package or src folder)', s.selfByArea);
  show('self time by function', s.selfByFunction);
  show('inclusive time of src/ functions', s.inclusiveSrc);
}
