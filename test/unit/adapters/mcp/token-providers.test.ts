import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientCredentialsTokenProvider } from '../../../../src/adapters/mcp/client-credentials-token-provider.js';
import { FileTokenProvider } from '../../../../src/adapters/mcp/file-token-provider.js';
import { StaticTokenProvider } from '../../../../src/adapters/mcp/token-provider.js';
import { tokenProviderFor } from '../../../../src/adapters/mcp/token-provider-for.js';
import { startTokenEndpoint, type TokenEndpoint } from '../../../support/mcp-test-server.js';

const live = () => new AbortController().signal;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-token-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'token');
}

async function endpoint(expiresInS: number): Promise<TokenEndpoint> {
  const started = await startTokenEndpoint({ clientId: 'agent-client', clientSecret: 's3cr3t-value', expiresInS });
  cleanups.push(() => started.close());
  return started;
}

describe('StaticTokenProvider', () => {
  it('returns the trimmed token and refuses an empty one', async () => {
    await expect(new StaticTokenProvider(' abc \n').token()).resolves.toBe('abc');
    expect(() => new StaticTokenProvider('  ')).toThrow(/empty/);
  });
});

describe('FileTokenProvider', () => {
  it('reads the trimmed token and reads it again after the file changes', async () => {
    const path = await tempFile();
    await writeFile(path, 'first-token\n');
    const tokens = new FileTokenProvider(path);
    await expect(tokens.token(live())).resolves.toBe('first-token');
    await writeFile(path, '  rotated-token-value  \n');
    await expect(tokens.token(live())).resolves.toBe('rotated-token-value');
  });

  it('names the path when the file is missing or empty', async () => {
    const path = await tempFile();
    await expect(new FileTokenProvider(path).token(live())).rejects.toThrow(new RegExp(`${path}.*ENOENT`));
    await writeFile(path, ' \n');
    await expect(new FileTokenProvider(path).token(live())).rejects.toThrow(`MCP token file ${path} is empty`);
  });
});

describe('ClientCredentialsTokenProvider', () => {
  it('posts the client credentials grant with Basic client auth and the scope', async () => {
    const server = await endpoint(3600);
    const tokens = new ClientCredentialsTokenProvider({ tokenUrl: server.url, clientId: 'agent-client', clientSecret: 's3cr3t-value', scope: 'gateway/invoke' });
    const token = await tokens.token(live());
    expect(server.issued).toEqual([token]);
    expect(server.requests[0]?.authorization).toBe(`Basic ${Buffer.from('agent-client:s3cr3t-value').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(server.requests[0]?.body))).toEqual({ grant_type: 'client_credentials', scope: 'gateway/invoke' });
  });

  it('reuses the token until it is due, then refreshes it before it expires', async () => {
    const server = await endpoint(2);
    let now = 1_000_000;
    const tokens = new ClientCredentialsTokenProvider({ tokenUrl: server.url, clientId: 'agent-client', clientSecret: 's3cr3t-value', refreshSkewMs: 500, now: () => now });
    const first = await tokens.token(live());
    now += 1_400;
    await expect(tokens.token(live())).resolves.toBe(first);
    now += 200;
    const second = await tokens.token(live());
    expect(second).not.toBe(first);
    expect(server.issued).toEqual([first, second]);
  });

  it('shares one request between concurrent callers and fetches again after invalidate', async () => {
    const server = await endpoint(3600);
    const tokens = new ClientCredentialsTokenProvider({ tokenUrl: server.url, clientId: 'agent-client', clientSecret: 's3cr3t-value' });
    const all = await Promise.all([tokens.token(live()), tokens.token(live()), tokens.token(live())]);
    expect(new Set(all).size).toBe(1);
    expect(server.requests).toHaveLength(1);
    tokens.invalidate();
    const fresh = await tokens.token(live());
    expect(fresh).toBe(server.issued[1]);
  });

  it('reports a refusal with the status and the error code, never the secret', async () => {
    const server = await endpoint(3600);
    const tokens = new ClientCredentialsTokenProvider({ tokenUrl: server.url, clientId: 'agent-client', clientSecret: 'wrong-secret' });
    const error = await tokens.token(live()).then(() => new Error('resolved'), (e: unknown) => e as Error);
    expect(error.message).toContain('401');
    expect(error.message).toContain('invalid_client');
    expect(error.message).not.toContain('wrong-secret');
  });

  it('reports an unreachable endpoint and lets a caller stop waiting', async () => {
    const tokens = new ClientCredentialsTokenProvider({ tokenUrl: 'http://127.0.0.1:9/oauth2/token', clientId: 'a', clientSecret: 'b' });
    await expect(tokens.token(live())).rejects.toThrow(/unreachable/);
    const hanging = new ClientCredentialsTokenProvider({ tokenUrl: 'http://x/token', clientId: 'a', clientSecret: 'b', fetch: () => new Promise<Response>(() => {}) });
    await expect(hanging.token(AbortSignal.timeout(20))).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('tokenProviderFor', () => {
  it('builds the provider for the configured source', () => {
    expect(tokenProviderFor({ token: 'abc' })).toBeInstanceOf(StaticTokenProvider);
    expect(tokenProviderFor({ tokenFile: '/run/secrets/mcp' })).toBeInstanceOf(FileTokenProvider);
    expect(tokenProviderFor({ oauth: { tokenUrl: 'http://x/token', clientId: 'a', clientSecret: 'b', scope: undefined } })).toBeInstanceOf(ClientCredentialsTokenProvider);
    expect(() => tokenProviderFor({})).toThrow(/MCP_TOKEN/);
  });
});
