/** An invariant broke: a bug in the caller, not an expected outcome. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
