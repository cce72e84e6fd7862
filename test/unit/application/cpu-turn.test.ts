import { describe, expect, it } from 'vitest';
import { cpuTurn } from '../../../src/application/cpu-turn.js';

const busy = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* CPU-bound work, as an investigation step */ }
};

describe('cpuTurn', () => {
  it('lets timers and I/O run between CPU-bound steps of many tasks, instead of after all of them', async () => {
    const order: string[] = [];
    let probing = true;
    const probe = (): void => {
      order.push('probe');
      if (probing) setTimeout(probe, 0);
    };
    setTimeout(probe, 0);
    await Promise.all(Array.from({ length: 20 }, async () => {
      for (let step = 0; step < 3; step += 1) {
        await cpuTurn();
        busy(5);
        order.push('task');
      }
    }));
    probing = false;
    const runs = order.join(' ').split('probe').map((chunk) => chunk.trim().split(' ').filter(Boolean).length);
    expect(order.filter((o) => o === 'task')).toHaveLength(60);
    // Each step outlasts a slice, so at most one step (plus one already inside its slice) runs per loop turn.
    expect(Math.max(...runs)).toBeLessThanOrEqual(2);
  });

  it('does not yield while a lone task stays within its slice', async () => {
    await cpuTurn();
    let yielded = false;
    setImmediate(() => { yielded = true; });
    for (let i = 0; i < 100; i += 1) {
      const turn = cpuTurn();
      if (turn) await turn;
    }
    expect(yielded).toBe(false);
  });
});
