import type { Steps, Target } from './remediation-target.js';

type Cmd = (action: string, command: string) => string;

/**
 * Next steps for the failure modes where a shared dependency or the platform broke (cluster DNS,
 * a full volume, a node under pressure, a configuration change): the fix is on the dependency,
 * never on its callers.
 */
export function dependencyRemediation(mode: string, t: Target, cmd: Cmd): Steps | undefined {
  const ns = t.namespace;
  const change = t.changed ? `${t.changed.kind} ${t.changed.name}` : undefined;
  const revert = (what: string): string => cmd(`Revert the last change to ${what} (revert the commit and let the controller reconcile, or re-apply the previous version)`,
    `kubectl edit ${what.split(' ')[0]!.toLowerCase()} ${what.split(' ')[1]} -n ${ns}`);
  switch (mode) {
    case 'dns': {
      const workload = t.deployment ?? 'coredns';
      return {
        now: [
          cmd('Check the cluster DNS pods', `kubectl get pods -n ${ns} -l k8s-app=kube-dns`),
          cmd('Read why they exit', `kubectl logs -n ${ns} -l k8s-app=kube-dns --previous --tail=50`),
          ...(change ? [revert(change)] : []),
          cmd(`Restart ${workload} once its configuration is good`, `kubectl rollout restart deployment/${workload} -n ${ns}`),
          cmd('Verify name resolution from an affected pod', 'kubectl exec -n <namespace> <pod> -- nslookup kubernetes.default.svc.cluster.local'),
        ],
        today: ['Check that the callers recover: lookup errors gone, error rates and response times back to their baselines.',
          ...(change ? [`Find out what the change to ${change} was meant to do and fix it properly (e.g. forward to an upstream resolver, not to itself).`] : [])],
        thisWeek: ['Validate DNS configuration changes in CI or staging before they reach the cluster.', 'Alert on CoreDNS availability and on lookup errors in callers.', 'Write the post-incident review.'],
      };
    }
    case 'disk': {
      const claim = t.claim ?? '<claim>';
      return {
        now: [
          cmd(`Confirm the volume ${claim} is full`, `kubectl describe pvc ${claim} -n ${ns}`),
          cmd(`Expand ${claim} (if its StorageClass allows expansion)`, `kubectl patch pvc ${claim} -n ${ns} -p '{"spec":{"resources":{"requests":{"storage":"<larger>"}}}}'`),
          cmd('Restart the pod once there is room, and watch it stay Ready', t.pod ? `kubectl delete pod ${t.pod} -n ${ns}` : `kubectl get pods -n ${ns} -w`),
        ],
        today: ['Free space: remove stale snapshots or rewrite append-only files; check that the callers recover.'],
        thisWeek: ['Alert on volume usage above 80%.', 'Size the volume for its growth, or cap the data (eviction policy, retention).', 'Write the post-incident review.'],
      };
    }
    case 'node': {
      const node = t.node ?? '<node>';
      return {
        now: [
          cmd(`Inspect the conditions and allocations of ${node}`, `kubectl describe node ${node}`),
          cmd(`List what runs on ${node}`, `kubectl get pods -A -o wide --field-selector spec.nodeName=${node}`),
          ...(t.hog ? [cmd(`Restart the biggest memory user ${t.hog.name} to release its memory`, `kubectl delete pod ${t.hog.name} -n ${t.hog.namespace}`)] : []),
          cmd('Watch the evicted workload get its replicas back', `kubectl get pods -n ${ns} -w`),
        ],
        today: [`${t.hog ? `Set a memory limit on ${t.hog.name}'s workload and bound its buffers` : 'Find what consumes the node memory and limit it'}.`,
          'Free or add capacity so that Pending replacements can be scheduled.'],
        thisWeek: ['Set requests and limits on every workload, DaemonSets included.', 'Alert on node MemoryPressure and on evictions.', 'Write the post-incident review.'],
      };
    }
    case 'config-change':
      return {
        now: [...(change ? [revert(change)] : ['Revert the configuration change made just before the failures began.']),
          cmd('Restart the workload that reads it', t.deployment ? `kubectl rollout restart deployment/${t.deployment} -n ${ns}` : `kubectl get pods -n ${ns} -w`)],
        today: ['Find out what the change was meant to do and fix it properly.'],
        thisWeek: ['Validate configuration changes before they reach production.', 'Write the post-incident review.'],
      };
    default:
      return undefined;
  }
}
