/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read from the wire are untyped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';
import { TOKENS } from '../../src/bootstrap/tokens.js';
import { asActorId } from '../../src/domain/ids.js';
import { OidcIssuer } from '../support/oidc-issuer.js';

// The whole runtime with AUTH_JWT_DISCOVERY_URL pointing at a local issuer: what a deployment
// outside AgentCore gets, mirroring AgentCore's customJWTAuthorizer.
let issuer: OidcIssuer;
let running: RunningServer;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  issuer = await OidcIssuer.start();
  running = await startServer(loadConfig({
    MEMORY_BACKEND: 'in-memory', PORT: '0', HOST: '127.0.0.1',
    AUTH_JWT_DISCOVERY_URL: issuer.discoveryUrl, AUTH_ALLOWED_CLIENTS: 'sre-client',
  }), { logger: new JsonLogger({ level: 'debug', write: (l) => { logs.push(l); } }) });
  base = `http://127.0.0.1:${running.port}`;
});
afterAll(async () => {
  await running?.stop();
  await issuer?.close();
});

const invoke = async (body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: await res.json() as any };
};

describe('inbound JWT verification', () => {
  it('answers 401 with a Bearer challenge and a JSON error when the token is missing or forged, and keeps /ping open', async () => {
    const missing = await invoke({ prompt: 'Why is the database pod restarting?' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(missing.json.error).toMatchObject({ code: 'missing_token', message: expect.any(String), request_id: expect.any(String) });
    const wrongClient = await invoke({ prompt: 'q' }, { authorization: `Bearer ${await issuer.token({ sub: 'eve', client_id: 'other-app' })}` });
    expect(wrongClient.status).toBe(401);
    expect(wrongClient.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect((await fetch(`${base}/ping`)).status).toBe(200);
  });

  it('runs the investigation for the token\'s subject, whatever user_id the body claims', async () => {
    const token = await issuer.token({ sub: 'alice-from-idp', client_id: 'sre-client' });
    const res = await invoke({ prompt: 'Why is the database pod restarting?', user_id: 'carol', session_id: 'jwt-session-0123456789abcdefghijklmno' }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.json.output.status).toBe('completed');
    const memory = running.container.get(TOKENS.AgentMemory);
    await memory.flush(5_000);
    const store = running.container.get(TOKENS.MemoryStore);
    const signal = new AbortController().signal;
    expect(await store.list({ actor: asActorId('alice-from-idp'), kind: 'investigation' }, 10, signal)).toHaveLength(1);
    expect(await store.list({ actor: asActorId('carol') }, 10, signal)).toEqual([]);
    expect(logs.join('\n')).not.toContain(token);
  });

  it('checks the WebSocket upgrade too: refused without a token, accepted with one offered as a subprotocol', async () => {
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`);
      ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
      ws.on('open', () => { resolve(101); ws.close(); });
      ws.on('error', () => undefined);
    });
    expect(refused).toBe(401);
    const token = await issuer.token({ sub: 'ws-user', client_id: 'sre-client' });
    const protocols = [`base64UrlBearerAuthorization.${Buffer.from(token).toString('base64url')}`, 'base64UrlBearerAuthorization'];
    const ready = await new Promise<any>((resolve, reject) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, protocols);
      ws.on('message', (data) => { resolve(JSON.parse(String(data))); ws.close(); });
      ws.on('error', reject);
    });
    expect(ready.type).toBe('ready');
  });
});
