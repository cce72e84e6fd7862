import type { Finding } from '../../domain/finding.js';
import type { Severity } from '../../domain/report-summary.js';

/** The worst numbers the specialists quoted: error rates and availability, in percent. */
export interface ImpactSignals {
  readonly maxErrorRate?: number;
  readonly minAvailability?: number;
  readonly workloadDown: boolean;
}

export function impactSignals(findings: readonly Finding[]): ImpactSignals {
  const excerpts = findings.flatMap((f) => [...f.evidence, ...f.causes.flatMap((c) => c.evidence)]).map((e) => e.excerpt);
  let maxErrorRate: number | undefined;
  let minAvailability: number | undefined;
  let workloadDown = false;
  for (const x of excerpts) {
    for (const m of x.matchAll(/error rate (?:[\d.]+% → )?([\d.]+)%/gi)) maxErrorRate = Math.max(maxErrorRate ?? 0, Number(m[1]));
    for (const m of x.matchAll(/availability (?:[\d.]+% → )?([\d.]+)%/gi)) minAvailability = Math.min(minAvailability ?? 100, Number(m[1]));
    if (/\b0\/\d+ (replicas )?available|status (Failed|CrashLoopBackOff)|\bno endpoints\b/i.test(x)) workloadDown = true;
  }
  return { ...(maxErrorRate !== undefined ? { maxErrorRate } : {}), ...(minAvailability !== undefined ? { minAvailability } : {}), workloadDown };
}

/**
 * Critical when a service is down or most requests fail; high when a cause is well supported
 * or errors are clearly up; medium when something is wrong; low when nothing was found.
 */
export function estimateSeverity(findings: readonly Finding[]): Severity {
  const s = impactSignals(findings);
  const top = Math.max(0, ...findings.flatMap((f) => f.causes.map((c) => c.confidence)));
  if ((s.maxErrorRate ?? 0) > 50 || (s.minAvailability ?? 100) < 90) return 'critical';
  if (s.workloadDown && top >= 0.8) return 'critical';
  if (top >= 0.7 || (s.maxErrorRate ?? 0) >= 5 || (s.minAvailability ?? 100) < 99.5 || s.workloadDown) return 'high';
  if (top > 0) return 'medium';
  return 'low';
}
