import { z } from 'zod';
import { strings } from './schema-primitives.js';

export const PlaybooksFile = z.looseObject({
  playbooks: z.array(z.looseObject({
    id: z.string(),
    title: z.string(),
    incident_type: z.string(),
    severity: z.string(),
    description: z.string(),
    triggers: strings,
    steps: strings,
    escalation: z.record(z.string(), z.unknown()).optional(),
    related_runbooks: strings.optional(),
    estimated_resolution_time: z.string().optional(),
  })),
});

export const GuidesFile = z.looseObject({
  guides: z.array(z.looseObject({
    id: z.string(),
    title: z.string(),
    category: z.string(),
    steps: strings,
    common_causes: strings.optional(),
    diagnostic_commands: strings.optional(),
    resolution: z.unknown().optional(),
    prevention: z.unknown().optional(),
  })),
});

export const EscalationFile = z.looseObject({
  escalation_procedures: z.array(z.looseObject({
    id: z.string(),
    title: z.string(),
    // communication-procedures applies to every severity, so it has none
    severity: z.string().optional(),
    trigger_conditions: strings.optional(),
    escalation_chain: z.array(z.looseObject({ level: z.number().int(), role: z.string(), response_time: z.string(), actions: strings })).optional(),
    communication_templates: z.unknown().optional(),
  })),
});

export const ResolutionsFile = z.looseObject({
  resolutions: z.array(z.looseObject({
    id: z.string(),
    issue: z.string(),
    symptoms: strings,
    quick_fixes: z.array(z.looseObject({ action: z.string(), command: z.string(), duration: z.string(), effectiveness: z.string() })),
    permanent_solutions: strings.optional(),
  })),
});

export type Playbook = z.infer<typeof PlaybooksFile>['playbooks'][number];
export type TroubleshootingGuide = z.infer<typeof GuidesFile>['guides'][number];
export type EscalationProcedure = z.infer<typeof EscalationFile>['escalation_procedures'][number];
export type Resolution = z.infer<typeof ResolutionsFile>['resolutions'][number];
