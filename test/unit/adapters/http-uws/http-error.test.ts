import { describe, expect, it } from 'vitest';
import { assertNativeUws } from '../../../../src/adapters/http-uws/assert-native-uws.js';
import { httpErrorStatus, statusLine } from '../../../../src/adapters/http-uws/http-error.js';
import { isJsonMediaType } from '../../../../src/adapters/http-uws/request-head.js';

describe('httpErrorStatus', () => {
  it.each([
    ['invalid_json', 400], ['invalid_request', 400], ['not_found', 404], ['method_not_allowed', 405],
    ['session_busy', 409], ['payload_too_large', 413], ['unsupported_media_type', 415], ['over_capacity', 429],
    ['internal', 500], ['shutting_down', 503], ['llm_unavailable', 503], ['tool_gateway_unavailable', 503], ['llm_rejected', 500],
  ])('maps %s to %i', (code, status) => {
    expect(httpErrorStatus(code)).toBe(status);
  });

  it('does not treat inherited object keys as codes', () => {
    expect(httpErrorStatus('toString')).toBe(500);
  });
});

describe('statusLine', () => {
  it('gives uWS the status code with its reason phrase', () => {
    expect(statusLine(413)).toBe('413 Payload Too Large');
    expect(statusLine(299)).toBe('299 Unknown');
  });
});

describe('isJsonMediaType', () => {
  it.each(['', 'application/json', 'application/vnd.api+json', 'application/problem+json'])('accepts "%s"', (type) => {
    expect(isJsonMediaType(type)).toBe(true);
  });

  it.each(['text/plain', 'application/octet-stream', 'text/json', 'application/jsonx', 'application/+json'])('rejects "%s"', (type) => {
    expect(isJsonMediaType(type)).toBe(false);
  });
});

describe('assertNativeUws', () => {
  it('accepts the native module loaded in this process', () => {
    expect(() => assertNativeUws()).not.toThrow();
  });

  it('throws when the module looks like the JavaScript fallback', () => {
    const fallback = { App: () => undefined, us_listen_socket_close: () => undefined, us_socket_local_port: () => 0, _cfg: () => undefined };
    expect(() => assertNativeUws(fallback)).toThrow(/JavaScript fallback/);
  });
});
