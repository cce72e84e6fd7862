import type { Clock } from '../../src/application/ports/clock.js';

export class FixedClock implements Clock {
  constructor(private readonly at = new Date('2024-01-15T14:30:00Z')) {}
  now(): Date {
    return new Date(this.at);
  }
}
