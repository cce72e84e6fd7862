/** What remediation is about, and the steps it gives: shared by the generic and the dependency-specific rules. */
/** What the next steps need to name: the failing thing and where it lives. */
export interface Target {
  readonly text: string;
  readonly pod?: string;
  readonly deployment?: string;
  readonly namespace: string;
  readonly config?: { readonly kind: string; readonly name: string };
  /** A ConfigMap or Secret changed just before the failures. */
  readonly changed?: { readonly kind: string; readonly name: string };
  readonly node?: string;
  readonly claim?: string;
  /** The workload's own release went out shortly before it started failing. */
  readonly rollout?: { readonly deployment: string; readonly revision: string };
  /** The biggest memory user on a node under pressure. */
  readonly hog?: { readonly name: string; readonly namespace: string };
}

export interface Steps {
  readonly now: string[];
  readonly today: string[];
  readonly thisWeek: string[];
}
