import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/application/ports/clock.js';
import { ScenarioClock } from '../../src/adapters/clock/scenario-clock.js';
import { SystemClock } from '../../src/adapters/clock/system-clock.js';
import { FixedClock } from '../fakes/fixed-clock.js';

function clockContract(name: string, make: () => Clock): void {
  describe(`${name} honours the Clock contract`, () => {
    it('gives a valid Date that never goes backwards', () => {
      const clock = make();
      const a = clock.now();
      const b = clock.now();
      expect(Number.isNaN(a.getTime())).toBe(false);
      expect(b.getTime()).toBeGreaterThanOrEqual(a.getTime());
    });

    it('hands out a fresh Date each time, so callers cannot move it', () => {
      const clock = make();
      const a = clock.now();
      a.setFullYear(1990);
      expect(clock.now().getFullYear()).not.toBe(1990);
    });
  });
}

clockContract('SystemClock', () => new SystemClock());
clockContract('ScenarioClock', () => new ScenarioClock(new Date('2024-01-15T14:30:00Z'), new SystemClock()));
clockContract('FixedClock (fake)', () => new FixedClock());

describe('ScenarioClock', () => {
  it('starts at the scenario time and advances with the system clock', () => {
    let t = 1_000_000;
    const system = { now: () => new Date(t) };
    const clock = new ScenarioClock(new Date('2024-01-15T14:30:00Z'), system);
    expect(clock.now().toISOString()).toBe('2024-01-15T14:30:00.000Z');
    t += 90_000;
    expect(clock.now().toISOString()).toBe('2024-01-15T14:31:30.000Z');
  });
});
