import { describe, expect, it } from 'vitest';
import { asActorId } from '../../../src/domain/ids.js';
import { truncateUtf8 } from '../../../src/domain/text.js';
import { agentMayUse, parseAgentName, toolOperation } from '../../../src/domain/agents.js';

describe('truncateUtf8', () => {
  it('leaves short text alone and cuts long text without splitting a character', () => {
    expect(truncateUtf8('hello', 10)).toBe('hello');
    const cut = truncateUtf8('é'.repeat(100), 51);
    expect(cut.startsWith('é'.repeat(25))).toBe(true);
    expect(cut).not.toContain('\uFFFD');
    expect(cut).toContain('[truncated: 200 bytes');
  });
});

describe('agents', () => {
  it('selects tools by the suffix after the last triple underscore', () => {
    expect(toolOperation('k8s-api___get_pod_status')).toBe('get_pod_status');
    expect(agentMayUse('kubernetes', 'other-target___get_pod_status')).toBe(true);
    expect(agentMayUse('kubernetes', 'logs-api___search_logs')).toBe(false);
    expect(agentMayUse('logs', 'get_current_time')).toBe(true);
    expect(parseAgentName('Runbooks Agent')).toBe('runbooks');
    expect(parseAgentName(42)).toBeUndefined();
  });
});

describe('asActorId', () => {
  it('reduces an id to a namespace-safe alphabet', () => {
    expect(asActorId('Alice Smith')).toBe('alice-smith');
    expect(asActorId('../../etc')).toBe('....etc');
    expect(asActorId('  ')).toBe('default_user');
  });
});
