import { createHash } from 'node:crypto';

// AgentCore's patterns: actorId `[a-zA-Z0-9][a-zA-Z0-9-_/]*…` (1-255), sessionId
// `[a-zA-Z0-9][a-zA-Z0-9-_]*` (1-100). Ours are wider (actors may hold `.` and `@`, sessions
// anything), so they are mapped, and the mapping must be injective: two people must never share
// one short-term history.
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const KEPT = /^[A-Za-z0-9-]$/;

/**
 * Three disjoint forms: an id of letters, digits and `-` is kept as it is (it contains no `_`);
 * any other id becomes `e_` and the id with each other character written `_<hex code point>_`
 * (delimited on both sides, so the escape reads back one way only); an escaped id longer than
 * `max` becomes `h_` and the SHA-256 of the id (64 hex digits).
 */
function agentCoreId(value: string, max: number): string {
  if (PLAIN.test(value) && value.length <= max) return value;
  const escaped = `e_${[...value].map((ch) => (KEPT.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}_`)).join('')}`;
  return escaped.length <= max ? escaped : `h_${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}

/** Our actor id as an AgentCore `actorId`. */
export const agentCoreActorId = (actor: string): string => agentCoreId(actor, 255);

/** Our session id as an AgentCore `sessionId`. */
export const agentCoreSessionId = (session: string): string => agentCoreId(session, 100);
