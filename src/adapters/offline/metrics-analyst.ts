import type { Evidence, InfrastructureFact, SuspectedCause } from '../../domain/finding.js';
import { fmt, rowsOf } from './json-reading.js';
import { readServiceMetrics, readTrends, type Series, type ServiceMetrics, type Trend } from './metrics-reading.js';
import { type Analyst, ev, type FindingArgs, knownComponents, type Observation, uncheckedOf } from './observations.js';
import { alignComponent, stemOf } from './question.js';

const span = (s: Series, unit: string): string => (s.first === s.last ? `${fmt(s.last)}${unit}` : `${fmt(s.first)}${unit} → ${fmt(s.last)}${unit}`);
const when = (s: Series): string => (s.from && s.to && s.from !== s.to ? `, ${s.from} → ${s.to}` : s.to ? ` at ${s.to}` : '');

const DNS_ERRORS = /eai_again|unknown_?host|dns|name_?resolution|no_such_host|nxdomain/i;

interface Verdict {
  readonly m: ServiceMetrics;
  readonly down: boolean;
  readonly degraded: boolean;
  readonly saturated: boolean;
  readonly healthy: boolean;
}

function judge(m: ServiceMetrics): Verdict {
  const { latency: l, errorRate: e, availability: a, throughput: t } = m;
  const down = (a !== undefined && a.last < 50) || (e !== undefined && e.last >= 95) || /^down$/i.test(a?.status ?? '');
  const slower = l !== undefined && l.last >= 2 * Math.max(l.first, 1) && l.last >= 300;
  const erring = e !== undefined && e.last >= 5 && e.last >= 3 * Math.max(e.first, 0.1);
  const lessAvailable = a !== undefined && a.last < 99.5;
  const fewer = t !== undefined && t.last <= t.first / 2;
  const saturated = (m.cpu?.max ?? 0) >= 90 || (m.memory?.max ?? 0) >= 90;
  const degraded = !down && (slower || erring || lessAvailable || fewer);
  const healthy = !down && !degraded && (e === undefined || e.last < 1) && (a === undefined || a.last >= 99.5) && (l === undefined || l.last < 1.5 * Math.max(l.first, 1));
  return { m, down, degraded, saturated, healthy };
}

/** The measured facts of one service, in the excerpt formats the summary and severity read. */
function lines(m: ServiceMetrics): Evidence[] {
  const out: Evidence[] = [];
  const { latency: l, errorRate: e, availability: a } = m;
  if (l) out.push(ev('get_performance_metrics', `${m.service}${l.endpoint ? ` ${l.endpoint}` : ''} response time ${span(l, ' ms')}${l.p95 ? ` (p95 ${span(l.p95, ' ms')})` : ''}${when(l)}`));
  if (e) out.push(ev('get_error_rates', `${m.service} error rate ${span(e, '%')}${e.detail ? ` (${e.detail})` : ''}${when(e)}`));
  if (a) out.push(ev('get_availability_metrics', `${m.service} availability ${span(a, '%')}${a.status ? ` (status ${a.status})` : ''}${when(a)}`));
  if (m.throughput) out.push(ev('get_performance_metrics', `${m.service} throughput ${span(m.throughput, ' req/s')}`));
  const res = [m.cpu ? `CPU ${span(m.cpu, '%')}` : '', m.memory ? `memory ${span(m.memory, '%')}` : ''].filter(Boolean);
  if (res.length > 0) out.push(ev('get_resource_metrics', `${m.service} ${res.join(', ')}`));
  return out;
}

const trendLine = (t: Trend): string =>
  `${t.metric}${t.service ? ` for ${t.service}` : ''} trend ${t.trend}${t.average !== undefined ? `, average ${fmt(t.average)}` : ''}${t.anomalies.length > 0 ? `, anomalies ${t.anomalies.slice(0, 3).join('; ')}` : ''}`;

function briefOf(m: ServiceMetrics): string {
  return [
    m.latency ? `response time ${span(m.latency, ' ms')}` : '', m.errorRate ? `error rate ${span(m.errorRate, '%')}` : '',
    m.availability ? `availability ${span(m.availability, '%')}` : '',
  ].filter(Boolean).join(', ');
}

function analyse(observations: readonly Observation[], known: readonly string[], strong: readonly string[]): FindingArgs {
  const verdicts = readServiceMetrics(observations).map(judge);
  const trends = readTrends(observations);
  const down = verdicts.filter((v) => v.down);
  const degraded = verdicts.filter((v) => v.degraded);
  const healthy = verdicts.filter((v) => v.healthy);
  const causes: SuspectedCause[] = [];

  // A service whose errors name another failing service waits on it: that one is the cause.
  const failing = [...down, ...degraded];
  const dependencyOf = (v: Verdict): Verdict | undefined => {
    const detail = (v.m.errorRate?.detail ?? '').toLowerCase();
    // Lookup errors (EAI_AGAIN, UnknownHostException, dns_lookup_timeout) wait on the failing resolver.
    const resolver = DNS_ERRORS.test(detail) ? failing.find((o) => o !== v && /dns/i.test(o.m.service)) : undefined;
    return resolver ?? failing.find((o) => o !== v && stemOf(o.m.service).length >= 3 && new RegExp(`(^|[^a-z0-9])${stemOf(o.m.service)}`).test(detail));
  };
  const worstFirst = (a: Verdict, b: Verdict): number => (a.m.availability?.last ?? 100) - (b.m.availability?.last ?? 100)
    || (b.m.errorRate?.last ?? 0) - (a.m.errorRate?.last ?? 0) || (a.m.onset ?? '~').localeCompare(b.m.onset ?? '~');
  const independent = down.filter((v) => !dependencyOf(v)).sort(worstFirst);
  const roots = independent.length > 0 ? independent : [...down].sort(worstFirst).slice(0, 1);
  const name = (v: Verdict): string => (v.m.pod ? `${v.m.service} (pod ${v.m.pod})` : v.m.service);
  for (const v of roots) {
    const e = v.m.errorRate;
    causes.push({
      description: `${name(v)} is down: ${briefOf(v.m)}${e?.detail ? ` (${e.detail})` : ''}${v.m.onset ? `, since ${v.m.onset}` : ''}`,
      component: alignComponent(v.m.service, known), confidence: 0.8, evidence: lines(v.m),
    });
  }
  const culprit = causes[0]?.component ?? strong[0];
  for (const v of failing.filter((x) => !roots.includes(x))) {
    const dep = dependencyOf(v);
    const upstream = dep ? (roots.includes(dep) ? alignComponent(dep.m.service, known) : dep.m.service) : culprit;
    const brief = briefOf(v.m);
    const res = [v.m.cpu ? `CPU ${span(v.m.cpu, '%')}` : '', v.m.memory ? `memory ${span(v.m.memory, '%')}` : ''].filter(Boolean).join(', ');
    if (upstream) {
      causes.push({ description: `${v.m.service} ${v.down ? 'fails' : 'degrades'} (${brief}${v.saturated && res ? `; ${res}` : ''}): downstream impact of ${upstream}`,
        component: v.m.service, confidence: 0.35, evidence: lines(v.m) });
    } else {
      causes.push({ description: v.saturated ? `${v.m.service} is saturated (${res}) while it degrades (${brief})` : `${v.m.service} degrades (${brief}); the metrics do not show why`,
        component: v.m.service, confidence: v.saturated ? 0.55 : 0.45, evidence: lines(v.m) });
    }
  }

  const evidence: Evidence[] = [
    ...failing.flatMap((v) => lines(v.m)),
    ...trends.filter((t) => t.trend !== 'stable' || t.anomalies.length > 0).slice(0, 4).map((t) => ev('analyze_trends', trendLine(t))),
    ...healthy.map((v) => ev(v.m.errorRate ? 'get_error_rates' : 'get_performance_metrics', `${v.m.service} healthy: ${briefOf(v.m) || 'no deviation'}`)),
  ];
  const facts: InfrastructureFact[] = verdicts.flatMap((v) => {
    const m = v.m;
    const base = [m.latency ? `response time ${fmt(m.latency.first)} ms` : '', m.errorRate ? `error rate ${fmt(m.errorRate.first)}%` : '',
      m.availability ? `availability ${fmt(m.availability.first)}%` : ''].filter(Boolean);
    const at = m.latency?.from ?? m.errorRate?.from ?? m.availability?.from;
    return base.length > 0 && !v.down ? [{ service: m.service, kind: 'baseline' as const, detail: `${v.healthy ? 'steady' : 'before the incident'}: ${base.join(', ')}${at ? ` (${at})` : ''}` }] : [];
  });

  const parts: string[] = [];
  const downFirst = [...roots, ...down.filter((v) => !roots.includes(v))];
  if (down.length > 0) parts.push(`Down (get_error_rates, get_availability_metrics): ${downFirst.map((v) => `${v.m.service} (${briefOf(v.m)})`).join('; ')}.`);
  if (degraded.length > 0) parts.push(`Degraded (get_performance_metrics, get_error_rates): ${degraded.map((v) => `${v.m.service} (${briefOf(v.m)})`).join('; ')}.`);
  if (healthy.length > 0) parts.push(`Healthy: ${healthy.map((v) => `${v.m.service} (${briefOf(v.m) || 'no deviation'})`).join('; ')}.`);
  const rising = trends.filter((t) => t.trend === 'increasing');
  if (rising.length > 0) parts.push(`analyze_trends: ${rising.map((t) => `${t.metric}${t.service ? ` (${t.service})` : ''} increasing`).join(', ')}.`);
  if (verdicts.length === 0) parts.push('The metrics tools returned no usable series.');
  parts.push(causes[0] ? `Most likely cause in the metrics: ${causes.sort((a, b) => b.confidence - a.confidence)[0]!.description}.` : 'No service deviates from its baseline.');

  const isEmpty = (o: Observation): boolean => rowsOf(o.data, 'metrics', 'error_rates', 'availability_metrics', 'trends').length === 0 && !(o.op === 'analyze_trends' && trends.length > 0);
  return { summary: parts.join(' '), evidence: evidence.slice(0, 14), causes: causes.slice(0, 6), unchecked: uncheckedOf(observations, isEmpty), facts: facts.slice(0, 8) };
}

/** Compares every service's latency, errors, availability and resources with its own start. */
export const analyseMetrics: Analyst = (observations, context) =>
  analyse(observations, knownComponents(context.findings), knownComponents(context.findings, 0.7));
