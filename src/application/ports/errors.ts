/**
 * Infrastructure failures the ports may throw. Adapters translate vendor errors into these once,
 * keeping the original as `cause`. Checked by `name`, not `instanceof`, so they survive bundling.
 */
export class LlmUnavailable extends Error {
  override readonly name = 'LlmUnavailable';
}

/** The model refused the request for a reason retrying will not fix (access, model id, input). */
export class LlmRejected extends Error {
  override readonly name = 'LlmRejected';
}

export class ToolGatewayUnavailable extends Error {
  override readonly name = 'ToolGatewayUnavailable';
}

export class MemoryUnavailable extends Error {
  override readonly name = 'MemoryUnavailable';
}

/** The caller's `AbortSignal` fired: the work was cancelled, not failed. */
export class OperationCancelled extends Error {
  override readonly name = 'OperationCancelled';
}

export function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return error instanceof Error && (error.name === 'OperationCancelled' || error.name === 'AbortError');
}
