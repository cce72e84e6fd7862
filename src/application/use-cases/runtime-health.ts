import type { Clock } from '../ports/clock.js';

export type HealthStatus = 'Healthy' | 'HealthyBusy';

export interface HealthReport {
  readonly status: HealthStatus;
  /** Unix seconds of the last status change; AgentCore reads a change here as activity. */
  readonly timeOfLastUpdate: number;
}

/**
 * What `/ping` reports. Busy while any investigation runs, so that AgentCore keeps the session
 * alive. The timestamp moves only when the status changes: stamping it on every ping would keep
 * idle sessions alive forever.
 */
export class RuntimeHealth {
  private running = 0;
  private status: HealthStatus = 'Healthy';
  private changedAt: number;

  constructor(private readonly clock: Clock) {
    this.changedAt = this.unixSeconds();
  }

  /** Marks work as started; call the returned function exactly once when it ends. */
  begin(): () => void {
    this.running += 1;
    this.update();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
      this.update();
    };
  }

  get inFlight(): number {
    return this.running;
  }

  report(): HealthReport {
    return { status: this.status, timeOfLastUpdate: this.changedAt };
  }

  private update(): void {
    const next: HealthStatus = this.running > 0 ? 'HealthyBusy' : 'Healthy';
    if (next !== this.status) {
      this.status = next;
      this.changedAt = this.unixSeconds();
    }
  }

  private unixSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
