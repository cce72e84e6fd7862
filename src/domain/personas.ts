import type { UserPreference } from './memory.js';

/**
 * The two people of the original system's demonstration, as preference sets: Alice, a technical
 * SRE who wants the whole evidence chain, and Carol, a director who wants business impact and
 * next steps. `sre-agent memory seed` stores them; asking the same question as each shows how
 * memory shapes a report.
 */
export const PERSONAS: Readonly<Record<string, readonly UserPreference[]>> = {
  alice: [
    { category: 'escalation', text: 'Escalate to alice.manager@company.com, then sre-oncall@company.com, for high severity after 15 minutes', values: { primary_contact: 'alice.manager@company.com', secondary_contact: 'sre-oncall@company.com', threshold: 'high', delay_minutes: 15 } },
    { category: 'notification', text: 'Post updates to #alice-alerts and #sre-team; quiet hours 22:00-08:00 UTC', values: { channels: ['#alice-alerts', '#sre-team'], quiet_hours: '22:00-08:00', min_severity: 'medium' } },
    { category: 'workflow', text: 'Detailed investigations; auto-approve simple plans; kubernetes, logs, runbooks, metrics', values: { investigation_style: 'detailed', auto_approve_simple_plans: true, preferred_agents: ['kubernetes', 'logs', 'runbooks', 'metrics'], timebox_minutes: 30 } },
    { category: 'style', text: 'Technical reports with troubleshooting steps and commands, times in UTC', values: { communication_style: 'technical', include_troubleshooting_steps: true, timezone: 'UTC' } },
  ],
  carol: [
    { category: 'escalation', text: 'Escalate to carol.director@company.com, then executive-team@company.com, for medium severity after 20 minutes', values: { primary_contact: 'carol.director@company.com', secondary_contact: 'executive-team@company.com', threshold: 'medium', delay_minutes: 20 } },
    { category: 'notification', text: 'Post to #carol-executive and #strategic-alerts, critical only; quiet hours 21:00-09:00 EST', values: { channels: ['#carol-executive', '#strategic-alerts'], quiet_hours: '21:00-09:00', min_severity: 'critical', include_metrics: false, executive_summary_only: true } },
    { category: 'workflow', text: 'Executive investigations with business impact analysis, 15 minute updates', values: { investigation_style: 'executive', require_business_impact_analysis: true, update_minutes: 15 } },
    { category: 'style', text: 'Executive summaries: business impact and next steps, brief, no troubleshooting detail, times in EST', values: { communication_style: 'executive', include_troubleshooting_steps: false, timezone: 'EST', focus_on_business_impact: true, brief_updates_only: true } },
  ],
};
