import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrames, MAX_FRAME_BYTES, splitForData } from '../../../../src/adapters/http-uws/ws-frames.js';
import { hostileJson, hostileString, hugeString } from '../../../support/hostile-arbitraries.js';

// The WebSocket framing under any event: every frame is JSON under the byte limit, and the
// fragments put back together give the event, whatever code points (lone surrogates included) it holds.

interface Fragment { type: 'fragment'; seq: number; index: number; count: number; data: string }

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
/** The fragment envelope plus escaping leave the data this much room at the least (ws-frames.ts). */
const SMALLEST_LIMIT = 53 + 3 * 16 + 12;

/** What a client does: parse each frame, join the fragments' data in order, parse the whole. */
function reassemble(frames: string[], seq: number): unknown {
  const parsed = frames.map((f) => JSON.parse(f) as Fragment | null);
  if (parsed.length === 1 && parsed[0]?.type !== 'fragment') return parsed[0];
  parsed.forEach((p, index) => expect(p).toEqual({ type: 'fragment', seq, index, count: parsed.length, data: expect.any(String) }));
  return JSON.parse(parsed.map((p) => p!.data).join(''));
}

/**
 * An event as the runtime emits them, with hostile text in it, sometimes far over the limit. No
 * event type is `fragment`: that name is reserved for the frames that carry parts.
 */
const event = fc.record({
  type: fc.constantFrom('started', 'token', 'report', 'tool_result', 'result', 'error'),
  text: fc.oneof(hostileString(200), hugeString(1, 6_000)),
  extra: hostileJson,
});

describe('encodeFrames: properties', () => {
  it('keeps every frame valid JSON within the limit, and the frames reassemble to the event', () => {
    fc.assert(fc.property(event, fc.integer({ min: SMALLEST_LIMIT, max: 4_000 }), fc.nat(1_000_000), (e, limit, seq) => {
      const frames = encodeFrames(e, seq, limit);
      for (const frame of frames) {
        expect(bytes(frame)).toBeLessThanOrEqual(limit);
        // Well-formed UTF-16: a lone surrogate in a frame would reach the client as U+FFFD.
        expect(frame).not.toMatch(LONE_SURROGATE);
      }
      expect(reassemble(frames, seq)).toEqual(JSON.parse(JSON.stringify(e)));
      // An event that fits goes out whole and unchanged.
      if (bytes(JSON.stringify(e)) <= limit) expect(frames).toEqual([JSON.stringify(e)]);
    }), { numRuns: 300 });
  });

  it('does the same at the real 32,000-byte limit for any JSON value', () => {
    fc.assert(fc.property(hostileJson, (value) => {
      const frames = encodeFrames(value, 1);
      for (const frame of frames) expect(bytes(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      expect(reassemble(frames, 1)).toEqual(JSON.parse(JSON.stringify(value) ?? 'null'));
    }), { numRuns: 500 });
  });
});

describe('splitForData: properties', () => {
  it('cuts any text into parts that join back to it, each within the budget once escaped, never inside a surrogate pair', () => {
    fc.assert(fc.property(fc.oneof(hostileString(300), hugeString(1, 2_000)), fc.integer({ min: 12, max: 500 }), (text, budget) => {
      const parts = splitForData(text, budget);
      expect(parts.join('')).toBe(text);
      for (const [i, part] of parts.entries()) {
        // JSON.stringify writes a lone surrogate as \udxxx: the escaped size is the wire size.
        expect(bytes(JSON.stringify(part)) - 2).toBeLessThanOrEqual(budget);
        if (i > 0) expect(part === '' && text !== '').toBe(false);
        const previous = parts[i - 1];
        if (previous && part) {
          const split = /[\ud800-\udbff]$/.test(previous) && /^[\udc00-\udfff]/.test(part);
          expect(split).toBe(false);
        }
      }
    }), { numRuns: 300 });
  });

  it('refuses only a budget too small for one escaped code point', () => {
    fc.assert(fc.property(hostileString(20), fc.integer({ min: -10, max: 11 }), (text, budget) => {
      expect(() => splitForData(text, budget)).toThrow(RangeError);
    }));
  });
});
