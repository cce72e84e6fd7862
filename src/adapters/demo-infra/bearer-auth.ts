import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries `Bearer <expected>`. The scheme is case-insensitive
 * (RFC 7235). Both tokens are hashed first so that `timingSafeEqual` compares equal-length
 * buffers: the comparison takes the same time whatever the token, and leaks not even its length.
 */
export function bearerTokenMatches(header: string | string[] | undefined, expected: string): boolean {
  if (typeof header !== 'string' || expected.length === 0) return false;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  const given = match?.[1];
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
