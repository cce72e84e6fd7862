import { MemoryUnavailable, OperationCancelled } from '../../application/ports/errors.js';

/** What the translation needs to know about the call that failed. */
export interface CallScope {
  readonly memoryId: string;
  readonly region: string;
  /** The AgentCore operation, e.g. `RetrieveMemoryRecords`. */
  readonly operation: string;
  /** The caller's signal: its abort is a cancellation. */
  readonly signal: AbortSignal;
  /** The per-call deadline: its abort is an outage. */
  readonly deadline: AbortSignal;
  readonly timeoutMs: number;
}

interface SdkErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const describe = (error: unknown): SdkErrorLike => (typeof error === 'object' && error !== null ? (error as SdkErrorLike) : { message: String(error) });

const DENIED = new Set(['AccessDeniedException', 'UnauthorizedException', 'UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'MissingAuthenticationTokenException']);

/**
 * Translates an SDK failure into the port's errors, once, keeping it as `cause`. The port has no
 * "rejected" error: whatever stops memory from answering (throttling after the SDK's retries, 5xx,
 * network, the deadline, access, a missing memory, a request the service refuses) is
 * `MemoryUnavailable`, and investigations go on without memory. The messages that need an
 * operator (access, a missing memory) name the memory id and the region to check.
 */
export function toMemoryError(error: unknown, scope: CallScope): Error {
  if (scope.signal.aborted) return new OperationCancelled(`AgentCore Memory ${scope.operation} cancelled`, { cause: error });
  const where = `AgentCore Memory ${scope.memoryId} in ${scope.region}`;
  if (scope.deadline.aborted) return new MemoryUnavailable(`${where} did not answer ${scope.operation} within ${scope.timeoutMs} ms`, { cause: error });
  const e = describe(error);
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const detail = `(${name}${status ? `, HTTP ${status}` : ''}): ${e.message ?? ''}`.trim();
  if (DENIED.has(name) || status === 403) {
    return new MemoryUnavailable(`Access denied to ${where} for ${scope.operation} ${detail}. Allow bedrock-agentcore:${scope.operation} on memory ${scope.memoryId} in ${scope.region} for these credentials.`, { cause: error });
  }
  if (name === 'ResourceNotFoundException') {
    return new MemoryUnavailable(`${where} was not found ${detail}. Check the memory id and that it was created in region ${scope.region}.`, { cause: error });
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    return new MemoryUnavailable(`No AWS credentials for ${where}: ${e.message ?? ''}`, { cause: error });
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return new MemoryUnavailable(`${where} rejected ${scope.operation} ${detail}`, { cause: error });
  }
  return new MemoryUnavailable(`${where} is unavailable for ${scope.operation} ${detail}`, { cause: error });
}

/** A batch call that answered, but not for every record: the port has no partial success. */
export function partialFailure(where: string, verb: string, total: number, failed: readonly { requestIdentifier?: string; memoryRecordId?: string; errorCode?: number; errorMessage?: string }[]): MemoryUnavailable {
  const why = failed.slice(0, 3).map((f) => `${f.requestIdentifier ?? f.memoryRecordId ?? '?'}: ${f.errorCode ?? ''} ${f.errorMessage ?? ''}`.trim()).join('; ');
  return new MemoryUnavailable(`${where} ${verb} ${total - failed.length} of ${total} records${why ? ` (${why})` : ''}`);
}
