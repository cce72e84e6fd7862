/** Who an authenticated caller is: the verified subject becomes the memory actor. */
export type AuthVerdict =
  | { readonly ok: true; readonly subject: string }
  | { readonly ok: false; readonly status: 401 | 403 | 503; readonly code: string; readonly message: string };

/**
 * Checks a request's bearer credential (`Authorization` header, or the token a browser offers as
 * a WebSocket subprotocol). Absent when the runtime runs behind AgentCore, which authenticates
 * callers itself before a request reaches the container.
 */
export type Authenticator = (authorization: string | undefined) => Promise<AuthVerdict>;

/** The `WWW-Authenticate` value for a refusal (RFC 6750 §3), without echoing anything the caller sent. */
export function bearerChallenge(verdict: Extract<AuthVerdict, { ok: false }>): string {
  if (verdict.status === 503) return 'Bearer';
  const error = verdict.status === 403 ? 'insufficient_scope' : verdict.code === 'missing_token' ? undefined : 'invalid_token';
  return error ? `Bearer error="${error}"` : 'Bearer';
}
