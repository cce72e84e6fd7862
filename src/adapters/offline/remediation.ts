import { dependencyRemediation } from './dependency-remediation.js';
import type { Steps, Target } from './remediation-target.js';

export type { Steps, Target };
import { FAILURE_MODES } from './failure-modes.js';


const MODE_ORDER = ['dns', 'disk', 'node', 'config-change', 'config', 'image', 'oom', 'scheduling', 'crashloop', 'pool', 'database', 'timeout', 'latency', 'errors'];

export function failureModeOf(text: string): string | undefined {
  return MODE_ORDER.find((id) => FAILURE_MODES.find((m) => m.id === id)?.pattern.test(text));
}

/**
 * Concrete next steps for the failure mode; commands for a technical reader, actions for an
 * executive. When the failing workload's own release went out just before the failures, rolling
 * it back comes first, whatever the mode: it restores the last known-good state fastest, and
 * mitigations such as a higher memory limit only delay the next failure.
 */
export function remediation(t: Target, technical: boolean): Steps {
  const steps = remediationFor(t, technical);
  // A missing or changed ConfigMap is fixed by restoring it; rolling the workload back would not.
  const mode = failureModeOf(t.text);
  if (!t.rollout || mode === 'config' || mode === 'config-change') return steps;
  const { deployment, revision } = t.rollout;
  const cmd = (action: string, command: string): string => (technical ? `${action}: \`${command}\`` : action);
  const rollback = cmd(`Roll back deployment/${deployment} from revision ${revision} to the previous one`, `kubectl rollout undo deployment/${deployment} -n ${t.namespace}`);
  const verify = cmd('Verify the rollback completes and the pods stay up', `kubectl rollout status deployment/${deployment} -n ${t.namespace}`);
  const mitigations = /raise the memory limit|roll back/i;
  return {
    now: [rollback, verify, ...steps.now.filter((s) => !mitigations.test(s))],
    today: [`Find what changed in revision ${revision} (diff the release) before rolling forward again.`, ...steps.today],
    thisWeek: steps.thisWeek,
  };
}

function remediationFor(t: Target, technical: boolean): Steps {
  const ns = t.namespace;
  const workload = t.deployment ? `deployment/${t.deployment}` : t.pod ? `pod ${t.pod}` : 'the failing workload';
  const restart = t.deployment ? `kubectl rollout restart deployment/${t.deployment} -n ${ns}` : t.pod ? `kubectl delete pod ${t.pod} -n ${ns}` : `kubectl rollout restart deployment/<name> -n ${ns}`;
  const describe = t.pod ? `kubectl describe pod ${t.pod} -n ${ns}` : `kubectl get pods -n ${ns}`;
  const watch = `kubectl get pods -n ${ns} -w`;
  const cmd = (action: string, command: string): string => (technical ? `${action}: \`${command}\`` : action);
  const mode = failureModeOf(t.text);
  const specific = mode ? dependencyRemediation(mode, t, cmd) : undefined;
  if (specific) return specific;
  switch (mode) {
    case 'config': {
      const c = t.config ?? { kind: 'ConfigMap', name: '<name>' };
      const kind = c.kind.toLowerCase();
      return {
        now: [
          cmd(`Confirm ${c.kind} ${c.name} is missing in ${ns}`, `kubectl get ${kind} ${c.name} -n ${ns}`),
          cmd(`Restore ${c.kind} ${c.name} from version control or the last backup`, `kubectl apply -n ${ns} -f ${c.name}.yaml`),
          cmd(`Restart ${workload} so that it reads the restored configuration`, restart),
          cmd('Verify the pod reaches Running and Ready and stops restarting', watch),
        ],
        today: [
          'Check that the dependent services recover: error rates and response times back to their baselines.',
          cmd(`Find out how ${c.kind} ${c.name} disappeared (recent applies, deletions, audit log)`, `kubectl get events -n ${ns} --sort-by=.lastTimestamp`),
        ],
        thisWeek: [
          `Manage ${c.kind}s in version control with drift detection (GitOps), so a deletion is restored automatically.`,
          'Alert on CrashLoopBackOff and on pods referencing missing ConfigMaps or Secrets.',
          'Write the post-incident review.',
        ],
      };
    }
    case 'image':
      return {
        now: [cmd('Read the pull error', describe), 'Check that the image tag exists and the registry credentials (imagePullSecrets) are valid.',
          cmd(`Roll back ${workload} to the last working revision`, `kubectl rollout undo deployment/${t.deployment ?? '<name>'} -n ${ns}`)],
        today: ['Fix the image reference or the registry access, then roll forward.'],
        thisWeek: ['Verify in CI that images exist before deploying.', 'Write the post-incident review.'],
      };
    case 'oom':
      return {
        now: [cmd('Confirm the OOMKilled state and the memory limit', describe), cmd(`Raise the memory limit of ${workload} temporarily`, `kubectl set resources deployment/${t.deployment ?? '<name>'} -n ${ns} --limits=memory=<higher>`)],
        today: ['Profile the memory use of the service and look for a leak or an unbounded cache.'],
        thisWeek: ['Right-size requests and limits from observed usage.', 'Alert on memory above 85% of the limit.'],
      };
    case 'scheduling':
      return {
        now: [cmd('Read why the pod cannot be scheduled', describe), 'Free capacity (scale down non-critical workloads) or add nodes.'],
        today: ['Review resource requests against node allocatable capacity.'],
        thisWeek: ['Enable cluster autoscaling or plan capacity for peak load.'],
      };
    case 'crashloop':
      return {
        now: [cmd('Read why the container exits', t.pod ? `kubectl logs ${t.pod} -n ${ns} --previous` : `kubectl logs <pod> -n ${ns} --previous`), cmd('Inspect its events and last state', describe)],
        today: ['Fix the start-up failure the logs show, then restart the workload and watch it stay Ready.'],
        thisWeek: ['Alert on CrashLoopBackOff.', 'Write the post-incident review.'],
      };
    case 'pool':
    case 'database':
    case 'timeout':
      return {
        now: [cmd('Check the health of the database and its pods', `kubectl get pods -n ${ns} | grep -i -e db -e database`), 'Check the connection pool saturation of the callers and restart the callers once the dependency is healthy.'],
        today: ['Tune pool sizes and timeouts; add circuit breakers so callers fail fast.'],
        thisWeek: ['Alert on pool saturation and dependency latency.'],
      };
    default:
      return {
        now: ['Check recent deployments and configuration changes of the affected services.', 'Scale out the affected services if they are saturated.'],
        today: ['Widen the investigation to the dependencies of the affected services.'],
        thisWeek: ['Write the post-incident review.'],
      };
  }
}
