import { describe, expect, it } from 'vitest';
import { memoryNamespace, namespaceSegment } from '../../../src/domain/memory.js';

describe('memory namespaces', () => {
  it('are the original system paths', () => {
    expect(memoryNamespace('preference', 'alice', 'ignored')).toBe('/sre/users/alice/preferences');
    expect(memoryNamespace('infrastructure', 'alice', 's-1')).toBe('/sre/infrastructure/alice/s-1');
    expect(memoryNamespace('investigation', 'alice', 's-1')).toBe('/sre/investigations/alice/s-1');
  });

  it('escape every character that could leave the segment, and never map two ids to one segment', () => {
    expect(namespaceSegment('../../users/bob')).toBe('_2e__2e__2f__2e__2e__2f_users_2f_bob');
    const ids = ['a.b', 'a\u02eb', 'a_2e_b', 'a_b', 'a__b', 'a/b', 'a b', 'ab', 'a-b', 'é', '_e9_'];
    const segments = ids.map(namespaceSegment);
    expect(new Set(segments).size).toBe(ids.length);
    for (const s of segments) expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
