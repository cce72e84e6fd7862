import { LlmRejected, LlmUnavailable, OperationCancelled } from '../../application/ports/errors.js';

/** What the error translation needs to know about the call that failed. */
export interface CallScope {
  readonly modelId: string;
  readonly region: string;
  /** The investigation's signal: its abort is a cancellation. */
  readonly signal: AbortSignal;
  /** The per-call deadline: its abort is an outage. */
  readonly deadline: AbortSignal;
  readonly timeoutMs: number;
}

// Retried by the SDK's adaptive strategy first; what reaches us has exhausted the attempts.
const UNAVAILABLE = new Set([
  'ThrottlingException', 'ServiceUnavailableException', 'InternalServerException', 'ModelNotReadyException',
  'ModelTimeoutException', 'ModelStreamErrorException', 'ServiceQuotaExceededException', 'TimeoutError',
  'RequestTimeout', 'RequestTimeoutException', 'TooManyRequestsException',
]);
const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up/i;
const TOO_LONG = /too long|context (window|length)|maximum context|input length|too many (input )?tokens|exceeds? .*tokens/i;

interface SdkErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const describe = (error: unknown): SdkErrorLike => (typeof error === 'object' && error !== null ? (error as SdkErrorLike) : { message: String(error) });

/** A validation error saying the prompt does not fit the model's context window. */
export function isContextTooLong(error: unknown): boolean {
  const e = describe(error);
  return e.name === 'ValidationException' && TOO_LONG.test(e.message ?? '');
}

function rejectionHint(name: string, scope: CallScope): string {
  if (name === 'AccessDeniedException') {
    return ` Enable access to model ${scope.modelId} in the Bedrock console for region ${scope.region}, and allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream for these credentials.`;
  }
  if (name === 'ResourceNotFoundException') return ` Check that model id ${scope.modelId} exists and is offered in region ${scope.region}.`;
  return '';
}

/**
 * Translates an SDK failure into the port's errors, once, keeping it as `cause`: the caller's
 * abort → `OperationCancelled`; the deadline, throttling, 5xx and network failures →
 * `LlmUnavailable`; access, unknown model and invalid input → `LlmRejected` naming model and region.
 */
export function toPortError(error: unknown, scope: CallScope): Error {
  if (scope.signal.aborted) return new OperationCancelled('Bedrock model call cancelled', { cause: error });
  if (scope.deadline.aborted) {
    return new LlmUnavailable(`Bedrock model ${scope.modelId} in ${scope.region} did not answer within ${scope.timeoutMs} ms`, { cause: error });
  }
  const e = describe(error);
  const name = e.name ?? 'Error';
  const what = `Bedrock model ${scope.modelId} in ${scope.region}`;
  const status = e.$metadata?.httpStatusCode;
  if (UNAVAILABLE.has(name) || (status !== undefined && (status >= 500 || status === 429)) || NETWORK.test(`${e.code ?? ''} ${e.message ?? ''}`)) {
    return new LlmUnavailable(`${what} is unavailable (${name}): ${e.message ?? ''}`.trim(), { cause: error });
  }
  if (status !== undefined && status >= 400) {
    return new LlmRejected(`${what} rejected the request (${name}): ${e.message ?? ''}.${rejectionHint(name, scope)}`, { cause: error });
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    return new LlmRejected(`No AWS credentials for ${what}: ${e.message ?? ''}`, { cause: error });
  }
  if (['AccessDeniedException', 'ResourceNotFoundException', 'ValidationException'].includes(name)) {
    return new LlmRejected(`${what} rejected the request (${name}): ${e.message ?? ''}.${rejectionHint(name, scope)}`, { cause: error });
  }
  return new LlmUnavailable(`${what} failed (${name}): ${e.message ?? ''}`.trim(), { cause: error });
}
