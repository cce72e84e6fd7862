import fc from 'fast-check';
import type { WebSocket } from 'uWebSockets.js';
import { describe, expect, it } from 'vitest';
import type { InvestigationStarter } from '../../../../src/adapters/http-uws/invocation-handler.js';
import { MAX_FRAME_BYTES } from '../../../../src/adapters/http-uws/ws-frames.js';
import { WsSession, type WsUserData } from '../../../../src/adapters/http-uws/ws-session.js';
import { JsonLogger } from '../../../../src/adapters/shared/logger.js';
import type { InvestigateCommand, StartOutcome } from '../../../../src/application/use-cases/investigation-stream.js';
import { DANGEROUS_KEYS, hostileJson, hostileKey, hostileString, pollutingJsonText, prototypeIsClean, REQUEST_FIELDS } from '../../../support/hostile-arbitraries.js';

// The inbound side of GET /ws: whatever a client sends in a message (bytes that are not UTF-8,
// text that is not JSON, JSON of any shape), the session answers with one JSON frame and stays up.

/** Refuses every start, so each message gets exactly one answer and no investigation runs. */
class RefusingStarter implements InvestigationStarter {
  readonly commands: InvestigateCommand[] = [];
  start(command: InvestigateCommand): StartOutcome {
    this.commands.push(command);
    return { ok: false, error: 'over_capacity', message: 'busy' };
  }
  status(): undefined {
    return undefined;
  }
  cancel(): undefined {
    return undefined;
  }
}

/** The part of a uWS WebSocket the session uses, recording every frame. */
function fakeSocket(): { ws: WebSocket<WsUserData>; frames: string[]; ended: number[] } {
  const frames: string[] = [];
  const ended: number[] = [];
  const ws = {
    cork: (f: () => void) => f(),
    send: (frame: string) => {
      frames.push(frame);
      return 1;
    },
    getBufferedAmount: () => 0,
    end: (code: number) => ended.push(code),
  };
  return { ws: ws as unknown as WebSocket<WsUserData>, frames, ended };
}

function openSession(): { session: WsSession; frames: string[]; ended: number[]; starter: RefusingStarter } {
  const starter = new RefusingStarter();
  const logger = new JsonLogger({ level: 'error', write: () => undefined });
  const session = new WsSession({ investigations: starter, logger, newId: () => 'id-1' }, 'req-1', 'session-1');
  const socket = fakeSocket();
  session.open(socket.ws);
  return { session, starter, frames: socket.frames, ended: socket.ended };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const toBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;
const text = (s: string): ArrayBuffer => toBuffer(new TextEncoder().encode(s));

/** Sends each message, then checks that every one got one well-formed answer and nothing else happened. */
async function expectOneAnswerEach(messages: { data: ArrayBuffer; binary: boolean }[]): Promise<void> {
  const { session, frames, ended } = openSession();
  for (const m of messages) expect(() => session.receive(m.data, m.binary)).not.toThrow();
  await settle();
  expect(ended).toEqual([]);
  expect(frames).toHaveLength(1 + messages.length);
  const [ready, ...answers] = frames.map((f) => JSON.parse(f) as { type: string; error?: { code: string; message: string; request_id: string } });
  expect(ready).toMatchObject({ type: 'ready', session_id: 'session-1' });
  for (const [i, answer] of answers.entries()) {
    expect(Buffer.byteLength(frames[i + 1]!)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    if (answer.type === 'control') continue;
    expect(answer).toEqual({ type: 'error', error: { code: expect.stringMatching(/^(invalid_request|over_capacity|not_found)$/), message: expect.any(String), request_id: 'req-1' } });
    expect(answer.error!.message.length).toBeLessThanOrEqual(200);
  }
  expect(prototypeIsClean()).toBe(true);
}

const message = fc.oneof(
  // Anything at all, text or binary.
  fc.record({ data: fc.uint8Array({ maxLength: 300 }).map(toBuffer), binary: fc.boolean() }),
  // Text that is not UTF-8: a lone continuation byte or an overlong form inside otherwise good JSON.
  fc.tuple(hostileString(10), fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]))
    .map(([s, bad]) => ({ data: toBuffer(Buffer.concat([Buffer.from(`{"type":"invoke","prompt":"${s.replace(/["\\]/g, '')}`), Buffer.from(bad), Buffer.from('"}')])), binary: false })),
  // JSON of any shape, including the message types with fields of any type.
  hostileJson.map((v) => ({ data: text(JSON.stringify(v) ?? 'null'), binary: false })),
  fc.record({
    type: fc.constantFrom('invoke', 'approve', 'modify', 'reject', 'cancel', 'status', 'fragment', '__proto__', 'constructor'),
    fields: fc.dictionary(fc.oneof(fc.constantFrom(...REQUEST_FIELDS), hostileKey), hostileJson, { maxKeys: 5 }),
  }).map(({ type, fields }) => ({ data: text(JSON.stringify({ ...fields, type })), binary: false })),
  pollutingJsonText.map((json) => ({ data: text(json.replace(/^\{/, '{"type":"invoke",')), binary: false })),
);

describe('WsSession.receive: properties over hostile messages', () => {
  it('answers every message with exactly one JSON frame and keeps the socket open', async () => {
    await fc.assert(fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 8 }), (messages) => expectOneAnswerEach(messages)), { numRuns: 300 });
  });

  it('answers messages nested 100,000 levels deep without overflowing the stack', async () => {
    const depth = 100_000;
    await expectOneAnswerEach([
      { data: text('['.repeat(depth) + ']'.repeat(depth)), binary: false },
      { data: text(`{"type":"invoke","prompt":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`), binary: false },
      { data: text(`{"type":"invoke","input":${'{"input":'.repeat(depth)}1${'}'.repeat(depth)}}`), binary: false },
      { data: text(`{"type":"modify","plan":{"steps":${'['.repeat(depth)}${']'.repeat(depth)}}}`), binary: false },
    ]);
  });

  it('starts nothing from a message whose prompt arrives through a smuggled prototype', async () => {
    const { session, starter } = openSession();
    for (const key of DANGEROUS_KEYS) session.receive(text(`{"type":"invoke","${key}":{"prompt":"from the prototype"}}`), false);
    await settle();
    expect(starter.commands).toEqual([]);
    expect(prototypeIsClean()).toBe(true);
  });
});
