import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { clip } from '../../../src/adapters/offline/json-reading.js';
import { detached, preview } from '../../../src/domain/text.js';

// Fault injection, at the unit level: an enormous tool output is cut to excerpts for evidence,
// events and "Not checked" lines, and those excerpts live long (findings, the registry of the last
// 1000 results, memory). V8 keeps a slice as a view into its parent string, so an excerpt made
// with a plain `slice` kept the whole output alive. `gc` is exposed at run time, as vitest starts
// its workers without flags.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

/** A flat 20 MB string with no whitespace, so that the whitespace collapse returns it unchanged. */
const huge = (): string => new Array(20 * MB + 1).join('x');

describe('excerpts of a huge text', () => {
  it.each([
    ['preview', (s: string) => preview(s, 300)],
    ['clip (the offline analyst)', (s: string) => clip(s, 300)],
  ])('%s keeps 300 characters, not the 20 MB it was cut from', (_name, cut) => {
    gc();
    const before = used();
    let text: string | undefined = huge();
    const excerpt = cut(text);
    text = undefined;
    gc();
    expect(excerpt).toHaveLength(300);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(used() - before).toBeLessThan(2 * MB);
  });

  it('detached copies text exactly, surrogate pairs included', () => {
    for (const s of ['', 'plain', 'naïve – ü', '🔥 pods on fire', 'a'.repeat(500)]) expect(detached(s)).toBe(s);
  });
});
