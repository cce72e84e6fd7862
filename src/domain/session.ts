/**
 * An earlier investigation of the same session, as a follow-up question needs it: what was asked,
 * what was concluded, and what to do about it.
 */
export interface SessionTurn {
  readonly investigationId: string;
  readonly question: string;
  /** The root cause the investigation concluded. */
  readonly answer: string;
  readonly severity?: string;
  readonly nextSteps?: { readonly now: readonly string[]; readonly today: readonly string[]; readonly thisWeek: readonly string[] };
  readonly escalation?: string;
  /** ISO-8601. */
  readonly at: string;
}
