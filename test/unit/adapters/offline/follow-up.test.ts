import { describe, expect, it } from 'vitest';
import { followUpPlan, followUpReport, isFollowUp } from '../../../../src/adapters/offline/follow-up.js';
import type { SessionTurn } from '../../../../src/domain/session.js';

const turn: SessionTurn = {
  investigationId: 'inv-1', question: 'Why is checkout slow?', answer: 'redis-0 crash-loops on a full volume', severity: 'critical',
  nextSteps: { now: ['Grow the volume of redis-0'], today: ['Check callers recover'], thisWeek: ['Alert on volume usage'] }, escalation: 'Page the data on-call', at: '2024-03-07T09:45:00Z',
};

describe('isFollowUp', () => {
  it('recognises questions about the investigation just made', () => {
    for (const q of ['What should I do first?', 'what now?', 'Who should I page?', 'How do we fix it?', 'Can you recap?', 'What caused this?']) expect(isFollowUp(q, [turn]), q).toBe(true);
  });

  it('treats new symptoms, and anything without history, as a new investigation', () => {
    expect(isFollowUp('Why is the payments API returning 500s?', [turn])).toBe(false);
    expect(isFollowUp('What should I do first?', [])).toBe(false);
  });
});

describe('followUpPlan and followUpReport', () => {
  it('plans no tools and answers with the earlier conclusion and steps', () => {
    expect(followUpPlan([turn])).toMatchObject({ steps: [], follow_up: true });
    expect(followUpReport([turn])).toEqual({
      root_cause: 'redis-0 crash-loops on a full volume', impact: 'As found by investigation inv-1 ("Why is checkout slow?").', severity: 'critical',
      next_steps: { now: ['Grow the volume of redis-0'], today: ['Check callers recover'], this_week: ['Alert on volume usage'] }, escalation: 'Page the data on-call',
    });
  });
});
