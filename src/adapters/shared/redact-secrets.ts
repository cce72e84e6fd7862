/**
 * Secrets that turn up inside free text: an error message quoting a header, a URL with a
 * password, a token pasted into a prompt. Key names catch most secrets (see the logger); these
 * patterns catch the rest by shape.
 */
const PATTERNS: readonly [RegExp, string][] = [
  // Authorization values: `Bearer …`, `Basic …`.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, '$1 [redacted]'],
  // JWTs anywhere (three base64url parts, the first a JSON header).
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  // AWS access key ids and the secret that follows a `secret` key in text.
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '[redacted-aws-key]'],
  [/(aws_secret_access_key|secretAccessKey|x-amz-security-token)(["'\s:=]+)[A-Za-z0-9/+=]{16,}/gi, '$1$2[redacted]'],
  // Credentials in URLs: scheme://user:password@host.
  [/([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+):[^\s/@]+@/gi, '$1:[redacted]@'],
  // `password=…`, `token=…`, `api_key: …` pairs in text.
  [/\b(password|passwd|pwd|token|secret|api[-_]?key|client[-_]?secret)(["']?\s*[:=]\s*["']?)[^\s"'&,;]{4,}/gi, '$1$2[redacted]'],
];

/** `text` with every secret-shaped part replaced. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
