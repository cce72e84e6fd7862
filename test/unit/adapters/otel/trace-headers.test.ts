import { describe, expect, it } from 'vitest';
import { parseTraceHeaders } from '../../../../src/adapters/otel/trace-headers.js';

const W3C = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const AMZN = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

describe('parseTraceHeaders', () => {
  it('reads a W3C traceparent, with its sampling flag', () => {
    expect(parseTraceHeaders({ traceparent: W3C })).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true, remote: true });
    expect(parseTraceHeaders({ traceparent: W3C.replace(/01$/, '00') })?.sampled).toBe(false);
  });

  it('reads X-Amzn-Trace-Id: the root\'s two parts make the trace id, Parent the span', () => {
    expect(parseTraceHeaders({ amznTraceId: AMZN })).toEqual({ traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true, remote: true });
    expect(parseTraceHeaders({ amznTraceId: 'Sampled=0;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:1' })?.sampled).toBe(false);
    // No decision upstream: ours is to record.
    expect(parseTraceHeaders({ amznTraceId: AMZN.replace('Sampled=1', 'Sampled=?') })?.sampled).toBe(true);
  });

  it('prefers traceparent, and falls back to X-Amzn-Trace-Id when traceparent is malformed', () => {
    expect(parseTraceHeaders({ traceparent: W3C, amznTraceId: AMZN })?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parseTraceHeaders({ traceparent: 'garbage', amznTraceId: AMZN })?.traceId).toBe('5759e988bd862e3fe1be46a994272793');
  });

  it.each([
    ['no headers', undefined],
    ['an empty carrier', {}],
    ['an all-zero trace id', { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }],
    ['an all-zero span id', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01' }],
    ['version ff', { traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
    ['a short trace id', { traceparent: '00-4bf92f35-00f067aa0ba902b7-01' }],
    ['an X-Ray root without Parent', { amznTraceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' }],
    ['an X-Ray root of another version', { amznTraceId: 'Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8' }],
    ['a non-hex Parent', { amznTraceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=zz995c3f42cd8ad8' }],
    ['injection attempts', { traceparent: `${W3C}\r\nx-evil: 1`, amznTraceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8\u0000' }],
  ])('ignores %s', (_name, trace) => {
    expect(parseTraceHeaders(trace)).toBeUndefined();
  });
});
