/** Branded identifiers: a plain string at run time, a distinct type at compile time. */
export type SessionId = string & { readonly __brand: 'SessionId' };
export type InvestigationId = string & { readonly __brand: 'InvestigationId' };
export type ActorId = string & { readonly __brand: 'ActorId' };

export const asSessionId = (value: string): SessionId => value as SessionId;
export const asInvestigationId = (value: string): InvestigationId => value as InvestigationId;

/**
 * Actor ids key memory, so they are reduced to a safe alphabet (the original system's rule:
 * spaces become '-', other characters are dropped) and lower-cased: "Alice" and "alice" are one
 * person, as with e-mail addresses.
 */
export function asActorId(value: string): ActorId {
  const cleaned = value.trim().toLowerCase().replace(/\s+/g, '-').replace(/[^a-z0-9_\-.@]/g, '').slice(0, 128);
  return (cleaned.length > 0 ? cleaned : 'default_user') as ActorId;
}
