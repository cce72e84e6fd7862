import type { Refusal } from '../../application/use-cases/investigation-stream.js';
import { failureHttpStatus } from '../shared/wire-output.js';

/**
 * The one table from error code to HTTP status (aesthetics §2.7). Refusals from the use-case are
 * expected outcomes and map here too; a failed investigation's own code goes through
 * `failureHttpStatus`, shared with the CLI.
 */
export const HTTP_ERROR_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  missing_token: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  session_busy: 409,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  over_capacity: 429,
  internal: 500,
  shutting_down: 503,
  auth_unavailable: 503,
} as const satisfies Record<Refusal['error'] | string, number>;

export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUS;

export function httpErrorStatus(code: string): number {
  return Object.hasOwn(HTTP_ERROR_STATUS, code) ? HTTP_ERROR_STATUS[code as HttpErrorCode] : failureHttpStatus(code);
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  424: 'Failed Dependency',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** uWS wants the whole status line text, e.g. `404 Not Found`. */
export function statusLine(status: number): string {
  return `${status} ${REASONS[status] ?? 'Unknown'}`;
}
