import { describe, expect, it } from 'vitest';
import { encodeFrames, MAX_FRAME_BYTES, splitForData } from '../../../../src/adapters/http-uws/ws-frames.js';

interface Fragment { type: 'fragment'; seq: number; index: number; count: number; data: string }

/** What a client does: parse each frame, join the fragments' data, parse the whole. */
function reassemble(frames: string[]): unknown {
  const parsed = frames.map((f) => JSON.parse(f) as Fragment);
  if (parsed.length === 1 && parsed[0]!.type !== 'fragment') return parsed[0];
  parsed.forEach((p, i) => expect(p).toMatchObject({ type: 'fragment', index: i, count: parsed.length }));
  return JSON.parse(parsed.map((p) => p.data).join(''));
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('encodeFrames', () => {
  it('sends a small event as its own JSON text', () => {
    const event = { type: 'plan', plan: { steps: [] } };
    expect(encodeFrames(event, 1)).toEqual([JSON.stringify(event)]);
  });

  it('keeps an event of exactly the limit whole', () => {
    const pad = 'x'.repeat(MAX_FRAME_BYTES - bytes(JSON.stringify({ type: 'token', text: '' })));
    const event = { type: 'token', text: pad };
    expect(bytes(JSON.stringify(event))).toBe(MAX_FRAME_BYTES);
    expect(encodeFrames(event, 1)).toHaveLength(1);
  });

  it.each([
    ['ASCII', 'a'.repeat(200_000)],
    ['quotes and backslashes (escaped twice)', '"\\'.repeat(60_000)],
    ['control characters', '\n\t\u0001'.repeat(40_000)],
    ['two-byte and three-byte text', 'é漢字ß'.repeat(30_000)],
    ['emoji (surrogate pairs)', '🚀🔥x'.repeat(30_000)],
    ['lone surrogates', '\ud800a\udc00'.repeat(20_000)],
  ])('splits a large event of %s into fragments under the limit that reassemble', (_name, text) => {
    const event = { type: 'report', message: text, nested: { text } };
    const frames = encodeFrames(event, 7);
    expect(frames.length).toBeGreaterThan(1);
    for (const frame of frames) expect(bytes(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    expect(frames.every((f) => (JSON.parse(f) as Fragment).seq === 7)).toBe(true);
    expect(reassemble(frames)).toEqual(event);
  });

  it('honours a smaller limit', () => {
    const event = { type: 'token', text: '漢🚀"'.repeat(500) };
    const frames = encodeFrames(event, 3, 300);
    for (const frame of frames) expect(bytes(frame)).toBeLessThanOrEqual(300);
    expect(reassemble(frames)).toEqual(event);
  });
});

describe('splitForData', () => {
  it('never cuts a surrogate pair', () => {
    const parts = splitForData('🚀'.repeat(100), 13);
    for (const part of parts) expect(part).toMatch(/^(?:\ud83d\ude80)+$/);
    expect(parts.join('')).toBe('🚀'.repeat(100));
  });

  it('returns one empty part for empty text and refuses a tiny budget', () => {
    expect(splitForData('', 100)).toEqual(['']);
    expect(() => splitForData('abc', 4)).toThrow(RangeError);
  });
});
