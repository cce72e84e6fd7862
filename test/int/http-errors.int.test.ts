import { afterEach, describe, expect, it } from 'vitest';
import { RawConnection, rawPost, rawRequest } from '../support/http-client.js';
import { type FakeRun } from '../fakes/fake-investigation-starter.js';
import { invoke, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  // Every rejected request must leave the process answering.
  if (server) expect((await fetch(`${server.url}/ping`)).status).toBe(200);
  await server?.close();
  server = undefined;
});

async function serve(runs: FakeRun[] = [], maxBodyBytes?: number): Promise<TestServer> {
  server = await startTestServer(runs, maxBodyBytes === undefined ? {} : { maxBodyBytes });
  return server;
}

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string; type: string | null }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, code: body.error.code, message: body.error.message, type: res.headers.get('content-type') };
}

describe('UwsHttpServer: request validation', () => {
  it.each([
    ['a missing prompt', { user_id: 'a' }, /prompt is required/],
    ['a numeric prompt', { prompt: 42 }, /prompt must be a string/],
    ['a content-block prompt', { input: { prompt: [{ toolUse: { name: 'x' } }] } }, /input\.prompt must be a string/],
    ['an empty prompt', { prompt: '' }, /prompt must not be empty/],
    ['a prompt over 20,000 characters', { prompt: 'x'.repeat(20_001) }, /prompt must be at most 20000/],
    ['a bad auto_approve_plan', { prompt: 'hi', auto_approve_plan: 'maybe' }, /auto_approve_plan/],
    ['a JSON array body', [{ prompt: 'hi' }], /not an array/],
    ['a JSON number body', 42, /not a number/],
    ['a JSON string body', '"hi"', /not a string/],
    ['a JSON null body', null, /not null/],
  ])('answers 400 invalid_request naming the problem for %s', async (_, body, message) => {
    const s = await serve();
    const error = await errorOf(await invoke(s, typeof body === 'string' ? body : JSON.stringify(body)));
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', type: 'application/json' });
    expect(error.message).toMatch(message);
    expect(s.starter.starts).toEqual([]);
  });

  it.each([
    ['broken JSON', '{"prompt": "hi"'],
    ['an empty body', ''],
  ])('answers 400 invalid_json for %s', async (_, body) => {
    const s = await serve();
    expect(await errorOf(await invoke(s, body))).toMatchObject({ status: 400, code: 'invalid_json' });
  });

  it('answers 400 invalid_json for a body that is not UTF-8', async () => {
    const s = await serve();
    const body = Buffer.concat([Buffer.from('{"prompt":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const res = await fetch(`${s.url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 'invalid_json' });
  });
});

describe('UwsHttpServer: content types', () => {
  it.each(['text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded'])('answers 415 unsupported_media_type for %s', async (type) => {
    const s = await serve();
    const res = await fetch(`${s.url}/invocations`, { method: 'POST', headers: { 'content-type': type }, body: '{"prompt":"hi"}' });
    expect(await errorOf(res)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it.each(['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.agent+json'])('accepts %s', async (type) => {
    const s = await serve([{}]);
    const res = await fetch(`${s.url}/invocations`, { method: 'POST', headers: { 'content-type': type }, body: '{"prompt":"hi"}' });
    expect(res.status).toBe(200);
  });

  it('accepts a body without a content type', async () => {
    const s = await serve([{}]);
    const res = await rawRequest(s.port, rawPost('/invocations', '{"prompt":"hi"}'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ output: { status: 'completed' } });
  });
});

describe('UwsHttpServer: body size', () => {
  it('accepts a 5 MB body when the limit is larger', async () => {
    const s = await serve([{}], 8 * 1024 * 1024);
    const res = await invoke(s, { prompt: 'hi', padding: 'x'.repeat(5 * 1024 * 1024) });
    expect(res.status).toBe(200);
    expect(s.starter.starts).toHaveLength(1);
  });

  it('answers 413 at once when Content-Length is over the limit, before any body is sent', async () => {
    const s = await serve([], 1024);
    const connection = new RawConnection(s.port, 'POST /invocations HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 5000000\r\n\r\n');
    const res = await connection.response();
    connection.destroy();
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(res.headers['connection']).toBe('close');
  });

  it('answers 413 to a body over the configured limit sent by fetch', async () => {
    const s = await serve([], 1024);
    const res = await invoke(s, { prompt: 'x'.repeat(4000) });
    expect(await errorOf(res)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('answers 413 and stops reading when a chunked body grows over the limit', async () => {
    const s = await serve([], 1024);
    const chunk = 'x'.repeat(600);
    const head = 'POST /invocations HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n';
    const connection = new RawConnection(s.port, `${head}258\r\n${chunk}\r\n258\r\n${chunk}\r\n`);
    const res = await connection.response();
    connection.destroy();
    expect(res.status).toBe(413);
    expect(s.starter.starts).toEqual([]);
  });

  it('accepts a chunked body under the limit', async () => {
    const s = await serve([{}], 1024);
    const body = '{"prompt":"hi"}';
    const head = 'POST /invocations HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n';
    const res = await rawRequest(s.port, `${head}5\r\n${body.slice(0, 5)}\r\n${(body.length - 5).toString(16)}\r\n${body.slice(5)}\r\n0\r\n\r\n`);
    expect(res.status).toBe(200);
  });
});
