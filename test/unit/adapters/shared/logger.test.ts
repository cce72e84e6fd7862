import { describe, expect, it } from 'vitest';
import { JsonLogger, type LogLevel } from '../../../../src/adapters/shared/logger.js';

function capture(level: LogLevel = 'info'): { logger: JsonLogger; lines: string[]; parsed: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = new JsonLogger({ level, write: (line) => lines.push(line) });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('JsonLogger', () => {
  it('writes one single-line JSON object per call, with timestamp, level and message first', () => {
    const { logger, lines, parsed } = capture();
    logger.info('request\nfinished', { status: 200 });
    logger.warn('slow');
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(Object.keys(parsed()[0]!)).toEqual(['timestamp', 'level', 'message', 'status']);
    expect(parsed()[0]).toMatchObject({ level: 'info', message: 'request\nfinished', status: 200 });
    expect(new Date(parsed()[0]!['timestamp'] as string).toISOString()).toBe(parsed()[0]!['timestamp']);
  });

  it('drops lines below its level', () => {
    const { logger, parsed } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(parsed().map((l) => l['level'])).toEqual(['warn', 'error']);
  });

  it('adds child fields to every line, before the call fields', () => {
    const { logger, parsed } = capture();
    const child = logger.child({ requestId: 'r-1' }).child({ sessionId: 's-1' });
    child.info('a', { step: 1 });
    child.error('b');
    logger.info('c');
    expect(parsed()).toEqual([
      expect.objectContaining({ message: 'a', requestId: 'r-1', sessionId: 's-1', step: 1 }),
      expect.objectContaining({ message: 'b', requestId: 'r-1', sessionId: 's-1' }),
      expect.not.objectContaining({ requestId: 'r-1' }),
    ]);
    expect(Object.keys(parsed()[0]!)).toEqual(['timestamp', 'level', 'message', 'requestId', 'sessionId', 'step']);
  });

  it('redacts secrets by key name at any depth', () => {
    const { logger, lines } = capture();
    logger.info('headers', {
      Authorization: 'Bearer abc', headers: { 'x-api-key': 'k1', apiKey: 'k2', nested: [{ password: 'p', client_secret: 's', ok: 'visible' }] },
      sessionToken: 't', awsCredentials: { id: 'AKIA' },
    });
    expect(lines[0]).not.toMatch(/Bearer abc|k1|k2|"p"|"s"|"t"|AKIA/);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      Authorization: '[redacted]', headers: { 'x-api-key': '[redacted]', apiKey: '[redacted]', nested: [{ password: '[redacted]', client_secret: '[redacted]', ok: 'visible' }] },
      sessionToken: '[redacted]', awsCredentials: '[redacted]',
    });
  });

  it('serialises errors as name, message and code, without a stack above debug', () => {
    const { logger, parsed } = capture('info');
    const error = Object.assign(new Error('socket hang up', { cause: new TypeError('inner') }), { code: 'ECONNRESET' });
    logger.error('failed', { error });
    expect(parsed()[0]!['error']).toEqual({ name: 'Error', message: 'socket hang up', code: 'ECONNRESET', cause: { name: 'TypeError', message: 'inner' } });
  });

  it('includes the stack at debug level', () => {
    const { logger, parsed } = capture('debug');
    logger.debug('failed', { error: new RangeError('bad') });
    expect(parsed()[0]!['error']).toMatchObject({ name: 'RangeError', message: 'bad', stack: expect.stringContaining('RangeError: bad') });
  });

  it('cuts circular structures instead of throwing', () => {
    const { logger, parsed } = capture();
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = a;
    const shared = { x: 1 };
    logger.info('loop', { a, pair: [shared, shared] });
    expect(parsed()[0]).toMatchObject({ a: { name: 'a', self: '[circular]' }, pair: [{ x: 1 }, { x: 1 }] });
  });

  it('survives values JSON cannot take and a throwing writer', () => {
    const { logger, parsed } = capture();
    const hostile = { get boom(): never { throw new Error('getter'); } };
    logger.info('odd', { big: 10n, nan: Number.NaN, when: new Date('2025-01-22T14:35:00Z'), bytes: Buffer.from('abc'), fn: () => 1 });
    expect(() => logger.info('hostile', { hostile })).not.toThrow();
    expect(parsed()[0]).toEqual(expect.objectContaining({ big: '10', nan: 'NaN', when: '2025-01-22T14:35:00.000Z', bytes: '[binary 3 bytes]' }));
    expect(parsed()[0]).not.toHaveProperty('fn');
    expect(parsed()[1]).toMatchObject({ level: 'info', message: 'hostile', log_error: expect.stringContaining('getter') });
    const throwing = new JsonLogger({ level: 'info', write: () => { throw new Error('EPIPE'); } });
    expect(() => throwing.info('x')).not.toThrow();
  });

  it('keeps reserved keys from overwriting the envelope', () => {
    const { logger, parsed } = capture();
    logger.info('real', { message: 'fake', level: 'error' });
    expect(parsed()[0]).toMatchObject({ message: 'real', level: 'info', field_message: 'fake', field_level: 'error' });
  });

  it('redacts secrets inside free text: messages, field values, error messages and causes', () => {
    const { logger, parsed } = capture();
    const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsImV4cCI6MX0.c2lnbmF0dXJlLWJ5dGVz';
    logger.error(`upstream said 401 for Bearer abc.def-123`, {
      url: 'postgres://sre:hunter2pass@db.internal:5432/sre',
      detail: `token=${'x'.repeat(24)} and key AKIAIOSFODNN7EXAMPLE`,
      error: new Error(`bad token ${jwt}`, { cause: new Error('aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY') }),
    });
    const line = JSON.stringify(parsed()[0]);
    for (const secret of ['abc.def-123', 'hunter2pass', 'x'.repeat(24), 'AKIAIOSFODNN7EXAMPLE', jwt, 'wJalrXUtnFEMI']) expect(line).not.toContain(secret);
    expect(parsed()[0]).toMatchObject({ message: 'upstream said 401 for Bearer [redacted]', url: 'postgres://sre:[redacted]@db.internal:5432/sre' });
  });
});
