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

describe('remediation when the configuration is the failure', () => {
  it('restores the configuration rather than rolling the workload back', () => {
    const text = 'db-7b9c4d8f2a-x5m1q is in CrashLoopBackOff because ConfigMap db-config is missing in prod';
    const steps = remediation({ text, namespace: 'prod', deployment: 'db', config: { kind: 'ConfigMap', name: 'db-config' }, rollout: { deployment: 'db', revision: '8' } }, true);
    expect(steps.now.join('\n')).not.toContain('rollout undo');
    expect(steps.now.join('\n')).toContain('ConfigMap db-config');
  });
});
