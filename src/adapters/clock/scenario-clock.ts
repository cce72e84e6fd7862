import type { Clock } from '../../application/ports/clock.js';

/**
 * The demo scenario's clock: it starts at the scenario's `now` and advances with real time, so
 * "the last hour" in a question means the hour before the incident, and time still moves.
 */
export class ScenarioClock implements Clock {
  private readonly startedAt: number;

  constructor(private readonly scenarioNow: Date, private readonly system: Clock) {
    this.startedAt = system.now().getTime();
  }

  now(): Date {
    return new Date(this.scenarioNow.getTime() + (this.system.now().getTime() - this.startedAt));
  }
}
