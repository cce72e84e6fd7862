/** `LlmUnavailable` → `llm_unavailable`: the snake-case codes the HTTP errors and the metrics use. */
export function errorCode(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error';
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
