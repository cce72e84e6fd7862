// Plain-text tables, number formatting, and the machine description for results.json.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function fmt(value, digits = 1) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  if (typeof value !== 'number') return String(value);
  if (Math.abs(value) >= 10_000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
}

export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN);
export const x = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');

/** A Markdown table (readable as plain text too), columns padded. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '—')));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const right = headers.map((_, i) => rows.some((r) => typeof r[i] === 'string' && /^[\d.,×—<≥≤ -]+( ?(ms|MB|%|s))?×?$/.test(r[i])));
  const line = (r) => `| ${r.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

function tryRun(cmd, args) {
  try { return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim(); } catch { return undefined; }
}

export function machine() {
  const cpuinfo = (() => { try { return readFileSync('/proc/cpuinfo', 'utf8'); } catch { return ''; } })();
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const memGb = os.totalmem() / 2 ** 30;
  return {
    cpu: model,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGb: Number(memGb.toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    distro: (() => { try { return /PRETTY_NAME="(.+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]; } catch { return undefined; } })(),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
    date: new Date().toISOString(),
  };
}

export function pythonVersions(python) {
  const script = [
    'import sys, fastapi, uvicorn, pydantic, importlib.util as u',
    'print(sys.version.split()[0], fastapi.__version__, uvicorn.__version__, pydantic.VERSION,',
    '  "uvloop" if u.find_spec("uvloop") else "asyncio", "httptools" if u.find_spec("httptools") else "h11")',
  ].join('\n');
  const out = tryRun(python, ['-c', script]);
  if (!out) return undefined;
  const [pythonV, fastapi, uvicorn, pydantic, loop, httpImpl] = out.split(' ');
  return { python: pythonV, fastapi, uvicorn, pydantic, loop, http: httpImpl };
}

export function packageVersion(root, name) {
  try { return JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version; } catch { return undefined; }
}
