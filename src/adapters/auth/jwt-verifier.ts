import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

export interface JwtVerifierOptions {
  /** The issuer's OpenID discovery document (`…/.well-known/openid-configuration`). */
  readonly discoveryUrl: string;
  /** Accepted `aud` values; empty accepts any. */
  readonly allowedAudiences: readonly string[];
  /** Accepted `client_id` values (Cognito access tokens carry the app client there); empty accepts any. */
  readonly allowedClients: readonly string[];
  /** Scopes of which the token must carry at least one; empty requires none. */
  readonly allowedScopes: readonly string[];
  /** Deadline of one discovery or JWKS fetch. */
  readonly fetchTimeoutMs: number;
  /** After a JWKS fetch, how long an unknown key id waits before the next one (so random key ids cannot make us hammer the issuer). */
  readonly jwksCooldownMs?: number;
}

export type AuthOutcome =
  | { readonly ok: true; readonly subject: string; readonly clientId?: string }
  | { readonly ok: false; readonly status: 401 | 403 | 503; readonly code: 'missing_token' | 'invalid_token' | 'insufficient_scope' | 'auth_unavailable'; readonly message: string };

interface Discovery { readonly issuer: string; readonly jwks: ReturnType<typeof createRemoteJWKSet> }

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Inbound bearer-token checks for running outside AgentCore, mirroring its `customJWTAuthorizer`:
 * the signature against the issuer's JWKS (cached, refetched when an unknown key id appears),
 * `iss` equal to the discovery document's issuer, expiry with 30 s of clock skew, and `aud`,
 * `client_id` and scope each in their allow-list when one is set. Failures say what was wrong in
 * general terms, never echoing the token; an issuer that cannot be reached is a 503, not a 401.
 */
export class JwtVerifier {
  private discovery: Promise<Discovery> | undefined;

  constructor(private readonly options: JwtVerifierOptions) {}

  async verify(authorization: string | undefined): Promise<AuthOutcome> {
    const match = /^Bearer[ \t]+([A-Za-z0-9\-_.~+/]+=*)[ \t]*$/i.exec(authorization ?? '');
    if (!match?.[1]) {
      return { ok: false, status: 401, code: authorization ? 'invalid_token' : 'missing_token', message: authorization ? 'The Authorization header is not a Bearer token.' : 'This runtime needs an Authorization: Bearer token.' };
    }
    let discovery: Discovery;
    try {
      discovery = await this.discover();
    } catch (error) {
      return { ok: false, status: 503, code: 'auth_unavailable', message: `The token issuer could not be reached: ${error instanceof Error ? error.message : String(error)}` };
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], discovery.jwks, { issuer: discovery.issuer, algorithms: ALGORITHMS, clockTolerance: 30 }));
    } catch (error) {
      // A failed JWKS fetch is the issuer's problem, not the caller's: anything but a JOSE verdict.
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError) || error instanceof errors.JWKSInvalid) {
        return { ok: false, status: 503, code: 'auth_unavailable', message: 'The token issuer\'s keys could not be fetched.' };
      }
      return { ok: false, status: 401, code: 'invalid_token', message: reason(error) };
    }
    return this.authorize(payload);
  }

  private authorize(payload: JWTPayload): AuthOutcome {
    const { allowedAudiences, allowedClients, allowedScopes } = this.options;
    const deny = (message: string): AuthOutcome => ({ ok: false, status: 401, code: 'invalid_token', message });
    if (!payload.sub) return deny('The token has no subject.');
    if (allowedAudiences.length > 0 && !strings(payload.aud).some((a) => allowedAudiences.includes(a))) return deny('The token is not for this audience.');
    const clientId = strings(payload['client_id'])[0];
    if (allowedClients.length > 0 && !(clientId && allowedClients.includes(clientId))) return deny('The token was issued to a client this runtime does not accept.');
    if (allowedScopes.length > 0) {
      const scopes = strings(payload['scope']).flatMap((s) => s.split(' '));
      if (!scopes.some((s) => allowedScopes.includes(s))) return { ok: false, status: 403, code: 'insufficient_scope', message: `The token needs one of the scopes ${allowedScopes.join(', ')}.` };
    }
    return { ok: true, subject: payload.sub, ...(clientId ? { clientId } : {}) };
  }

  /** The discovery document, fetched once; a failed fetch is retried on the next request. */
  private discover(): Promise<Discovery> {
    this.discovery ??= (async () => {
      const res = await fetch(this.options.discoveryUrl, { signal: AbortSignal.timeout(this.options.fetchTimeoutMs), headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`discovery answered HTTP ${res.status}`);
      const doc = await res.json() as { issuer?: unknown; jwks_uri?: unknown };
      if (typeof doc.issuer !== 'string' || typeof doc.jwks_uri !== 'string') throw new Error('the discovery document has no issuer or jwks_uri');
      return {
        issuer: doc.issuer,
        jwks: createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: this.options.fetchTimeoutMs, cacheMaxAge: 10 * 60_000, cooldownDuration: this.options.jwksCooldownMs ?? 30_000 }),
      };
    })().catch((error: unknown) => {
      this.discovery = undefined;
      throw error;
    });
    return this.discovery;
  }
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted.`;
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token was not signed by a key of the issuer.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token\'s signature is not valid.';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token\'s signing algorithm is not accepted.';
  return 'The token is not a valid JWT.';
}
