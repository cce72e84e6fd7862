// Summarises a V8 .cpuprofile of the bundle: positions mapped back to the original sources through
// dist/main.mjs.map, then self time per function, self time per source area (a package or a src/
// folder), and inclusive time per src/ function.
import { readFileSync, existsSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

function loadMap(url) {
  try {
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    if (!existsSync(`${file}.map`)) return undefined;
    return new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
  } catch { return undefined; }
}

/** `node_modules/@scope/pkg`, `src/<layer>/<folder>`, or the file itself. */
export function area(source) {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (nm) return nm[1];
  const src = /(?:^|\/)(src\/[^/]+\/[^/]+)/.exec(source);
  if (src) return src[1].replace(/\.ts$/, '');
  if (source.startsWith('node:') || !source) return source || '(native)';
  return source;
}

export function summarise(profilePath, { top = 25 } = {}) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const maps = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const keyCache = new Map();
  const keyOf = (node) => {
    if (keyCache.has(node.id)) return keyCache.get(node.id);
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let source = url.replace(/^file:\/\//, ''), line = lineNumber + 1;
    if (url.includes('/dist/') || url.includes('/.tmp/')) {
      if (!maps.has(url)) maps.set(url, loadMap(url));
      const entry = maps.get(url)?.findEntry(lineNumber, columnNumber);
      if (entry?.originalSource) { source = entry.originalSource.replace(/^.*?\/(node_modules|src)\//, '$1/'); line = entry.originalLine + 1; }
    }
    const key = { fn: functionName || '(anonymous)', source, line, area: area(source), label: `${functionName || '(anonymous)'} ${source ? `${source}:${line}` : ''}`.trim() };
    keyCache.set(node.id, key);
    return key;
  };

  // Self time per node from the sample stream.
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + (timeDeltas[i + 1] ?? 0));
  const totalUs = profile.endTime - profile.startTime;

  const selfByFn = new Map(), selfByArea = new Map(), inclusiveSrc = new Map();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    const k = keyOf(node);
    selfByFn.set(k.label, (selfByFn.get(k.label) ?? 0) + us);
    const a = ['(idle)', '(program)', '(garbage collector)'].includes(k.fn) ? k.fn : k.area;
    selfByArea.set(a, (selfByArea.get(a) ?? 0) + us);
    // Inclusive time of our own functions: each src/ function on the stack once.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const ck = keyOf(byId.get(cur));
      if (!ck.source.startsWith('src/') || seen.has(ck.label)) continue;
      seen.add(ck.label);
      inclusiveSrc.set(ck.label, (inclusiveSrc.get(ck.label) ?? 0) + us);
    }
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000, pct: (100 * us) / totalUs }));
  const idleUs = selfByArea.get('(idle)') ?? 0;
  return { totalMs: totalUs / 1000, busyMs: (totalUs - idleUs) / 1000, selfByFunction: rank(selfByFn), selfByArea: rank(selfByArea), inclusiveSrc: rank(inclusiveSrc) };
}
