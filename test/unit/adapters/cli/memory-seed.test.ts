import { describe, expect, it } from 'vitest';
import { formatMemoryLine, parseSeed, personaSeed } from '../../../../src/adapters/cli/memory-seed.js';
import { reportStyleFrom } from '../../../../src/domain/memory.js';
import { PERSONAS } from '../../../../src/domain/personas.js';

describe('memory seed files', () => {
  it('reads preferences written plainly and full records, per user', () => {
    const seed = parseSeed(JSON.stringify({
      dave: [
        { category: 'notification', text: 'page #dave', values: { channel: '#dave' } },
        { kind: 'infrastructure', fact: { service: 'web', kind: 'dependency', detail: 'web depends on db' } },
      ],
    }));
    expect(seed['dave']).toEqual([
      { kind: 'preference', preference: { category: 'notification', text: 'page #dave', values: { channel: '#dave' } } },
      { kind: 'infrastructure', fact: { service: 'web', kind: 'dependency', detail: 'web depends on db' } },
    ]);
  });

  it('refuses a file that is not JSON, or not the seed shape, naming the place', () => {
    expect(() => parseSeed('{nope')).toThrow(/not JSON/);
    expect(() => parseSeed(JSON.stringify({ dave: [{ category: 'mood', text: 'x' }] }))).toThrow(/dave\.0/);
    expect(() => parseSeed(JSON.stringify([1, 2]))).toThrow(/not \{ "<user>"/);
  });

  it('gives Alice a technical style and Carol an executive one, each with their own contacts and channels', () => {
    const seed = personaSeed(PERSONAS);
    const prefs = (user: string) => (seed[user] ?? []).flatMap((r) => (r.kind === 'preference' ? [r.preference] : []));
    expect(reportStyleFrom(prefs('alice'))).toEqual({ audience: 'technical', includeTroubleshooting: true, contacts: ['alice.manager@company.com', 'sre-oncall@company.com'], channels: ['#alice-alerts', '#sre-team'] });
    expect(reportStyleFrom(prefs('carol'))).toEqual({ audience: 'executive', includeTroubleshooting: false, contacts: ['carol.director@company.com', 'executive-team@company.com'], channels: ['#carol-executive', '#strategic-alerts'] });
  });

  it('prints one line per record with its full id', () => {
    const line = formatMemoryLine({ id: 'a'.repeat(32), actor: 'alice', session: null, namespace: '/sre/users/alice/preferences', createdAt: '2026-11-24T10:00:00.000Z', record: { kind: 'preference', preference: { category: 'style', text: 'technical\nreports', values: {} } } });
    expect(line).toBe(`${'a'.repeat(32)}  2026-11-24T10:00:00Z  alice  preference      style: technical reports`);
  });
});
