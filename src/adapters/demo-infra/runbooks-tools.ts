import { containsAll, defineTool, type DemoTool, fail, ok, oneOf, requiredText, sameWord, text } from './demo-tool.js';

const t = (op: string): string => `runbooks-api___${op}`;
const SEVERITIES = ['low', 'medium', 'high', 'critical'];

const searchRunbooks = defineTool({
  name: t('search_runbooks'),
  description:
    'Search the incident playbooks (response procedures with kubectl steps, triggers and escalation contacts) by incident type, ' +
    'severity and a keyword found in the title, description or a step. Returns the full playbooks.',
  params: {
    incident_type: oneOf(['performance', 'availability', 'security', 'deployment'], 'Only playbooks of this incident type.'),
    keyword: text('Words that must all occur in the title, description or a step, e.g. "CrashLoopBackOff" or "connection pool".'),
    severity: oneOf(SEVERITIES, 'Only playbooks of this severity.'),
  },
  run: ({ scenario }, { incident_type, keyword, severity }) => ok({
    runbooks: scenario.runbooks.playbooks.filter((p) =>
      (incident_type === undefined || sameWord(incident_type, p.incident_type))
      && (severity === undefined || sameWord(severity, p.severity))
      && (keyword === undefined || containsAll([p.title, p.description, ...p.steps], keyword))),
  }),
});

const getIncidentPlaybook = defineTool({
  name: t('get_incident_playbook'),
  description: 'One incident playbook by its id (e.g. database-pod-crashloop-incident): description, triggers, numbered steps, escalation, related runbooks.',
  params: {
    playbook_id: requiredText('The playbook id, as returned by search_runbooks.'),
  },
  run: ({ scenario }, { playbook_id }) => {
    const playbook = scenario.runbooks.playbooks.find((p) => p.id === playbook_id);
    return playbook ? ok(playbook) : fail(`Playbook not found: ${playbook_id}`);
  },
});

const getTroubleshootingGuide = defineTool({
  name: t('get_troubleshooting_guide'),
  description:
    'Troubleshooting guides: diagnostic steps, kubectl commands, common causes, resolution and prevention, by category and issue ' +
    '(e.g. crashloop, response time, memory leak, service discovery, DNS).',
  params: {
    category: oneOf(['kubernetes', 'performance', 'networking', 'database'], 'Only guides of this category.'),
    issue_type: text('Words that must all occur in the guide title, id or a common cause, e.g. "crashloop".'),
  },
  run: ({ scenario }, { category, issue_type }) => ok({
    guides: scenario.runbooks.guides.filter((g) =>
      (category === undefined || sameWord(category, g.category))
      && (issue_type === undefined || containsAll([g.title, g.id, ...(g.common_causes ?? [])], issue_type))),
  }),
});

const getEscalationProcedures = defineTool({
  name: t('get_escalation_procedures'),
  description:
    'Escalation procedures: trigger conditions, the escalation chain (level, role, response time, actions) and communication templates.',
  params: {
    severity: oneOf(SEVERITIES, 'Only procedures for this severity.'),
    incident_type: text('Words that must all occur in the title or a trigger condition, e.g. "outage".'),
  },
  run: ({ scenario }, { severity, incident_type }) => ok({
    escalation_procedures: scenario.runbooks.escalationProcedures.filter((e) =>
      (severity === undefined || sameWord(severity, e.severity ?? ''))
      && (incident_type === undefined || containsAll([e.title, ...(e.trigger_conditions ?? [])], incident_type))),
  }),
});

const getCommonResolutions = defineTool({
  name: t('get_common_resolutions'),
  description:
    'Known resolutions of common issues: symptoms, quick fixes with the command, duration and effectiveness, and permanent solutions ' +
    '(e.g. OOM, connection pool exhaustion, high CPU, pod crashloop, network timeout).',
  params: {
    issue: requiredText('Words that must all occur in the issue, its id or a symptom, e.g. "connection pool".'),
    service: text('Accepted for compatibility; resolutions are not specific to a service.'),
  },
  run: ({ scenario }, { issue }) => ok({
    resolutions: scenario.runbooks.resolutions.filter((r) => containsAll([r.issue, r.id, ...r.symptoms], issue)),
  }),
});

export const RUNBOOKS_TOOLS: readonly DemoTool[] = [searchRunbooks, getIncidentPlaybook, getTroubleshootingGuide, getEscalationProcedures, getCommonResolutions];
