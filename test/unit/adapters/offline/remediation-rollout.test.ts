import { describe, expect, it } from 'vitest';
import { remediation } from '../../../../src/adapters/offline/remediation.js';

const oomText = 'api-7c9f6d5b8d-2xq8n is in CrashLoopBackOff (4 restarts): it is OOMKilled for exceeding its memory limit';

describe('remediation after a recent release', () => {
  it('rolls the release back first and drops the higher-memory-limit stopgap', () => {
    const steps = remediation({ text: oomText, namespace: 'shop', deployment: 'api', rollout: { deployment: 'api', revision: '48' } }, true);
    expect(steps.now[0]).toContain('kubectl rollout undo deployment/api -n shop');
    expect(steps.now[1]).toContain('kubectl rollout status deployment/api -n shop');
    expect(steps.now.join('\n')).not.toMatch(/raise the memory limit/i);
    expect(steps.today[0]).toContain('revision 48');
  });

  it('keeps the mode-specific steps when nothing was released', () => {
    const steps = remediation({ text: oomText, namespace: 'shop', deployment: 'api' }, true);
    expect(steps.now.join('\n')).not.toContain('rollout undo');
    expect(steps.now.join('\n')).toMatch(/raise the memory limit/i);
  });

  it('speaks in actions, not commands, to an executive', () => {
    const steps = remediation({ text: oomText, namespace: 'shop', deployment: 'api', rollout: { deployment: 'api', revision: '7' } }, false);
    expect(steps.now[0]).toBe('Roll back deployment/api from revision 7 to the previous one');
  });
});
