import { generateKeyPair, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtVerifier, type JwtVerifierOptions } from '../../../../src/adapters/auth/jwt-verifier.js';
import { OidcIssuer } from '../../../support/oidc-issuer.js';

let issuer: OidcIssuer;
beforeAll(async () => { issuer = await OidcIssuer.start(); });
afterAll(async () => { await issuer.close(); });

const verifier = (over: Partial<JwtVerifierOptions> = {}) => new JwtVerifier({
  discoveryUrl: issuer.discoveryUrl, allowedAudiences: [], allowedClients: ['sre-client'], allowedScopes: [], fetchTimeoutMs: 2_000, ...over,
});
const bearer = (t: string) => `Bearer ${t}`;

describe('JwtVerifier', () => {
  it('accepts a token from the issuer for an allowed client, and gives its subject', async () => {
    const token = await issuer.token({ sub: 'alice-123', client_id: 'sre-client', scope: 'openid invoke' });
    expect(await verifier().verify(bearer(token))).toEqual({ ok: true, subject: 'alice-123', clientId: 'sre-client' });
  });

  it('says a token is missing, or not a bearer token', async () => {
    expect(await verifier().verify(undefined)).toMatchObject({ ok: false, status: 401, code: 'missing_token' });
    expect(await verifier().verify('Basic dXNlcjpwYXNz')).toMatchObject({ ok: false, status: 401, code: 'invalid_token' });
    expect(await verifier().verify('Bearer not-a-jwt')).toMatchObject({ ok: false, status: 401, code: 'invalid_token' });
  });

  it('refuses expired tokens, other issuers, other keys, unsigned tokens and other clients', async () => {
    const v = verifier();
    const expired = await issuer.token({ sub: 'a', client_id: 'sre-client' }, { expiresIn: '-5m' });
    expect(await v.verify(bearer(expired))).toMatchObject({ status: 401, message: 'The token has expired.' });
    const elsewhere = await issuer.token({ sub: 'a', client_id: 'sre-client' }, { issuer: 'https://evil.example.com' });
    expect(await v.verify(bearer(elsewhere))).toMatchObject({ status: 401, message: 'The token\'s iss claim is not accepted.' });
    const forged = await issuer.token({ sub: 'a', client_id: 'sre-client' }, { key: await generateKeyPair('RS256') });
    expect(await v.verify(bearer(forged))).toMatchObject({ status: 401, code: 'invalid_token' });
    const unsigned = new UnsecuredJWT({ sub: 'a', client_id: 'sre-client' }).setIssuer(issuer.url).setExpirationTime('5m').encode();
    expect(await v.verify(bearer(unsigned))).toMatchObject({ status: 401, code: 'invalid_token' });
    const otherClient = await issuer.token({ sub: 'a', client_id: 'someone-else' });
    expect(await v.verify(bearer(otherClient))).toMatchObject({ status: 401, message: 'The token was issued to a client this runtime does not accept.' });
    const noSubject = await issuer.token({ client_id: 'sre-client' });
    expect(await v.verify(bearer(noSubject))).toMatchObject({ status: 401, message: 'The token has no subject.' });
  });

  it('checks the audience and the scopes when they are set', async () => {
    const v = verifier({ allowedClients: [], allowedAudiences: ['sre-agent'], allowedScopes: ['invoke'] });
    expect(await v.verify(bearer(await issuer.token({ sub: 'a', aud: 'sre-agent', scope: 'openid invoke' })))).toMatchObject({ ok: true, subject: 'a' });
    expect(await v.verify(bearer(await issuer.token({ sub: 'a', aud: 'other', scope: 'invoke' })))).toMatchObject({ status: 401, message: 'The token is not for this audience.' });
    expect(await v.verify(bearer(await issuer.token({ sub: 'a', aud: ['x', 'sre-agent'], scope: 'openid' })))).toMatchObject({ status: 403, code: 'insufficient_scope' });
  });

  it('fetches the keys once, and again only when a token names a key it has not seen', async () => {
    const v = verifier({ jwksCooldownMs: 0 });
    issuer.requests.length = 0;
    for (let i = 0; i < 5; i += 1) expect(await v.verify(bearer(await issuer.token({ sub: `u${i}`, client_id: 'sre-client' })))).toMatchObject({ ok: true });
    expect(issuer.requests.filter((r) => r === '/jwks.json')).toHaveLength(1);
    expect(issuer.requests.filter((r) => r.includes('openid-configuration'))).toHaveLength(1);
    await issuer.rotate();
    expect(await v.verify(bearer(await issuer.token({ sub: 'rotated', client_id: 'sre-client' })))).toMatchObject({ ok: true, subject: 'rotated' });
    expect(issuer.requests.filter((r) => r === '/jwks.json')).toHaveLength(2);
  });

  it('answers 503, not 401, when the issuer cannot be reached, and recovers when it can', async () => {
    const down = verifier({ discoveryUrl: 'http://127.0.0.1:9/.well-known/openid-configuration', fetchTimeoutMs: 500 });
    const token = await issuer.token({ sub: 'a', client_id: 'sre-client' });
    expect(await down.verify(bearer(token))).toMatchObject({ ok: false, status: 503, code: 'auth_unavailable' });
    const v = verifier();
    issuer.failWith = 500;
    expect(await v.verify(bearer(token))).toMatchObject({ status: 503, code: 'auth_unavailable' });
    issuer.failWith = undefined;
    expect(await v.verify(bearer(token))).toMatchObject({ ok: true });
  });

  it('never echoes the token in what it says', async () => {
    const token = await issuer.token({ sub: 'a', client_id: 'nope' });
    const outcome = await verifier().verify(bearer(token));
    expect(JSON.stringify(outcome)).not.toContain(token.slice(0, 20));
  });
});
