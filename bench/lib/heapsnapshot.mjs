// Attributes a V8 heap snapshot's bytes to markers found on each object's shortest path from the
// GC roots (an approximation of "who keeps this alive", cheap enough for snapshots of a few 100 MB).
import { readFileSync } from 'node:fs';

export function attribute(file, markers) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const { node_fields: nf, edge_fields: ef, edge_types: [edgeTypes] } = snap.snapshot.meta;
  const N = nf.length, E = ef.length, nodes = snap.nodes, edges = snap.edges, count = nodes.length / N;
  const iName = nf.indexOf('name'), iSize = nf.indexOf('self_size'), iEdges = nf.indexOf('edge_count');
  const iTo = ef.indexOf('to_node'), iEType = ef.indexOf('type'), iEName = ef.indexOf('name_or_index');
  const first = new Uint32Array(count);
  for (let n = 0, x = 0; n < count; n++) { first[n] = x; x += nodes[n * N + iEdges]; }
  // Breadth-first from the root: each node inherits its parent's marker, or takes the first marker
  // that its edge name or its own name contains.
  const tag = new Int16Array(count).fill(-2);
  const queue = new Int32Array(count);
  let head = 0, tail = 0;
  queue[tail++] = 0; tag[0] = -1;
  while (head < tail) {
    const n = queue[head++];
    for (let k = 0; k < nodes[n * N + iEdges]; k++) {
      const e = first[n] + k, type = edgeTypes[edges[e * E + iEType]];
      if (type === 'weak') continue;
      const to = edges[e * E + iTo] / N;
      if (tag[to] !== -2) continue;
      let mark = tag[n];
      if (mark === -1) {
        const label = `${type === 'element' || type === 'hidden' ? '' : snap.strings[edges[e * E + iEName]]}|${snap.strings[nodes[to * N + iName]]}`;
        const i = markers.findIndex((m) => label.includes(m));
        if (i >= 0) mark = i;
      }
      tag[to] = mark;
      queue[tail++] = to;
    }
  }
  const bytes = new Map();
  for (let n = 0; n < count; n++) {
    const key = tag[n] >= 0 ? markers[tag[n]] : tag[n] === -1 ? '(everything else)' : '(unreachable)';
    bytes.set(key, (bytes.get(key) ?? 0) + nodes[n * N + iSize]);
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).map(([name, b]) => ({ name, mb: b / 2 ** 20 }));
}
