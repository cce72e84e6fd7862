import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/**
 * A wire-level fake of Bedrock Runtime: `POST /model/{modelId}/converse` answers Converse JSON and
 * `/converse-stream` answers `application/vnd.amazon.eventstream` frames, both from the same
 * scripted model turns. Plain HTTP/1.1, so the client needs `requestHandler: new NodeHttpHandler()`.
 */

export interface FakeToolUse {
  readonly id?: string;
  readonly name: string;
  readonly input?: unknown;
  /** Sent verbatim as the tool input (stream: as partial JSON deltas), e.g. malformed JSON. */
  readonly rawInput?: string;
}

export interface FakeTurn {
  readonly text?: string;
  readonly toolUses?: readonly FakeToolUse[];
  readonly stopReason?: string;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
}

export type FakeReply =
  | { readonly turn: FakeTurn; readonly frameDelayMs?: number; readonly hangAfterFrames?: number; readonly exception?: { readonly type: string; readonly message: string } }
  | { readonly error: { readonly status: number; readonly type: string; readonly message: string } }
  | { readonly hang: true };

export interface RecordedRequest {
  readonly op: 'converse' | 'converse-stream';
  readonly modelId: string;
  readonly headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded JSON bodies, read freely by tests
  readonly body: any;
}

export type FakeScript = FakeReply | ((request: RecordedRequest) => FakeReply);

export const turn = (t: FakeTurn, extra: Omit<Extract<FakeReply, { turn: FakeTurn }>, 'turn'> = {}): FakeReply => ({ turn: t, ...extra });
export const text = (value: string, usage?: FakeTurn['usage']): FakeReply => turn({ text: value, ...(usage ? { usage } : {}) });
export const toolUse = (name: string, input: unknown, id = `tooluse_${name}`, usage?: FakeTurn['usage']): FakeReply =>
  turn({ toolUses: [{ id, name, input }], ...(usage ? { usage } : {}) });
export const failure = (status: number, type: string, message: string): FakeReply => ({ error: { status, type, message } });
export const throttled = (): FakeReply => failure(429, 'ThrottlingException', 'Too many requests, please wait before trying again.');
export const accessDenied = (): FakeReply => failure(403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.");
export const tooLong = (): FakeReply => failure(400, 'ValidationException', 'Input is too long for requested model.');

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const header = (value: string) => ({ type: 'string' as const, value });
const frame = (eventType: string, payload: unknown): Uint8Array => codec.encode({
  headers: { ':event-type': header(eventType), ':content-type': header('application/json'), ':message-type': header('event') },
  body: fromUtf8(JSON.stringify(payload)),
});
const exceptionFrame = (type: string, message: string): Uint8Array => codec.encode({
  headers: { ':exception-type': header(type), ':content-type': header('application/json'), ':message-type': header('exception') },
  body: fromUtf8(JSON.stringify({ message })),
});

const pieces = (value: string, size: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += size) out.push(value.slice(i, i + size));
  return out;
};

const usageOf = (t: FakeTurn) => {
  const u = t.usage ?? { inputTokens: 11, outputTokens: 7 };
  return { ...u, totalTokens: u.inputTokens + u.outputTokens };
};
const stopOf = (t: FakeTurn): string => t.stopReason ?? (t.toolUses?.length ? 'tool_use' : 'end_turn');
const inputJson = (u: FakeToolUse): string => u.rawInput ?? JSON.stringify(u.input ?? {});

function converseBody(t: FakeTurn): unknown {
  const content: unknown[] = t.text ? [{ text: t.text }] : [];
  for (const [i, u] of (t.toolUses ?? []).entries()) {
    content.push({ toolUse: { toolUseId: u.id ?? `tooluse_${i}`, name: u.name, input: u.rawInput ?? u.input ?? {} } });
  }
  return { output: { message: { role: 'assistant', content } }, stopReason: stopOf(t), usage: usageOf(t), metrics: { latencyMs: 3 } };
}

/** The frames of a turn: text in small deltas, each tool's input as partial JSON in three pieces. */
export function streamFrames(t: FakeTurn): Uint8Array[] {
  const frames = [frame('messageStart', { role: 'assistant' })];
  let index = 0;
  if (t.text) {
    for (const delta of pieces(t.text, 8)) frames.push(frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: delta } }));
    frames.push(frame('contentBlockStop', { contentBlockIndex: 0 }));
    index = 1;
  }
  for (const [i, u] of (t.toolUses ?? []).entries()) {
    const json = inputJson(u);
    frames.push(frame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: u.id ?? `tooluse_${i}`, name: u.name } } }));
    for (const part of pieces(json, Math.max(1, Math.ceil(json.length / 3)))) {
      frames.push(frame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: part } } }));
    }
    frames.push(frame('contentBlockStop', { contentBlockIndex: index }));
    index += 1;
  }
  frames.push(frame('messageStop', { stopReason: stopOf(t) }), frame('metadata', { usage: usageOf(t), metrics: { latencyMs: 3 } }));
  return frames;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FakeBedrock {
  readonly requests: RecordedRequest[] = [];
  /** Streams whose client went away before the last frame was written. */
  abandonedStreams = 0;
  private readonly queue: FakeScript[] = [];
  private fallback: ((request: RecordedRequest) => FakeReply) | undefined;

  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void this.handle(req.url ?? '', req.headers, Buffer.concat(chunks).toString('utf8'), res));
  });

  private constructor() {}

  static async start(): Promise<FakeBedrock> {
    const fake = new FakeBedrock();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Replies for the next requests, in order, whichever route they take. */
  script(...replies: FakeScript[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** Answers every request once the script is used up. */
  otherwise(reply: (request: RecordedRequest) => FakeReply): this {
    this.fallback = reply;
    return this;
  }

  get pending(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(url: string, headers: IncomingHttpHeaders, raw: string, res: ServerResponse): Promise<void> {
    const match = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(url.split('?')[0] ?? '');
    if (!match) return void res.writeHead(404, { 'x-amzn-errortype': 'UnknownOperationException' }).end('{}');
    const request: RecordedRequest = { op: match[2] as RecordedRequest['op'], modelId: decodeURIComponent(match[1] ?? ''), headers, body: raw ? JSON.parse(raw) : {} };
    this.requests.push(request);
    const next = this.queue.shift();
    const reply = typeof next === 'function' ? next(request) : next ?? this.fallback?.(request)
      ?? failure(400, 'ValidationException', `FakeBedrock: no reply scripted for request #${this.requests.length}`);
    if ('hang' in reply) return;
    if ('error' in reply) {
      res.writeHead(reply.error.status, { 'content-type': 'application/json', 'x-amzn-errortype': reply.error.type });
      return void res.end(JSON.stringify({ message: reply.error.message }));
    }
    if (request.op === 'converse') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(converseBody(reply.turn)));
    }
    await this.writeStream(reply, res);
  }

  private async writeStream(reply: Extract<FakeReply, { turn: FakeTurn }>, res: ServerResponse): Promise<void> {
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    const frames = streamFrames(reply.turn);
    if (reply.exception) frames.splice(frames.length - 2, 2, exceptionFrame(reply.exception.type, reply.exception.message));
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) gone = true;
    });
    for (const [i, f] of frames.entries()) {
      if (reply.hangAfterFrames !== undefined && i >= reply.hangAfterFrames) {
        await new Promise<void>((resolve) => res.on('close', () => resolve()));
        this.abandonedStreams += 1;
        return;
      }
      if (gone) break;
      res.write(f);
      if (reply.frameDelayMs) await sleep(reply.frameDelayMs);
    }
    if (gone) this.abandonedStreams += 1;
    else res.end();
  }
}

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' };

/** The real SDK client, as bootstrap builds it, pointed at the fake with static fake credentials. */
export function fakeBedrockClient(fake: FakeBedrock, options: { maxAttempts?: number; region?: string } = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: options.region ?? 'us-east-1', endpoint: fake.url, credentials: FAKE_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1, retryMode: 'adaptive', requestHandler: new NodeHttpHandler(),
  });
}
