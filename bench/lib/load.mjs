// The /ping load generator, in its own process: wrk (Debian's package) when present, else autocannon's CLI.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runToEnd } from './procs.mjs';

const AUTOCANNON = fileURLToPath(new URL('../../node_modules/autocannon/autocannon.js', import.meta.url));

/** { name, version } of the tool this run uses. */
export async function detectLoadTool() {
  try {
    const out = await runToEnd('wrk --version', 'wrk', ['--version'], { okCodes: [0, 1] }); // it exits 1
    const line = out.split('\n')[0];
    if (/^wrk/.test(line)) return { name: 'wrk', version: line.trim() };
  } catch { /* not installed */ }
  const pkg = JSON.parse(readFileSync(new URL('../../node_modules/autocannon/package.json', import.meta.url), 'utf8'));
  return { name: 'autocannon', version: `autocannon ${pkg.version} (separate process)` };
}

const toMs = (value, unit) => Number(value) * ({ us: 1e-3, ms: 1, s: 1e3, m: 6e4 }[unit] ?? NaN);

function parseWrk(out) {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const pct = (p) => { const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out); return m ? toMs(m[1], m[2]) : NaN; };
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0;
  const socketErrors = /Socket errors: (.*)/.exec(out)?.[1];
  return { rps, p50Ms: pct(50), p90Ms: pct(90), p99Ms: pct(99), requests, non2xx: Number(errors), ...(socketErrors ? { socketErrors } : {}) };
}

/** Runs `connections` connections for `seconds` against `url`; { rps, p50Ms, p99Ms, … }. */
export async function load(tool, url, { connections, seconds, threads = 1 }) {
  if (tool.name === 'wrk') {
    const stdout = await runToEnd('wrk', 'wrk', ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--latency', url], { timeoutMs: (seconds + 30) * 1000 });
    return parseWrk(stdout);
  }
  const stdout = await runToEnd('autocannon', process.execPath, [AUTOCANNON, '-j', '-c', String(connections), '-d', String(seconds), url], { timeoutMs: (seconds + 30) * 1000 });
  const r = JSON.parse(stdout);
  return { rps: r.requests.average, p50Ms: r.latency.p50, p90Ms: r.latency.p90, p99Ms: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors };
}
