/** The current time: the system's, or a scenario's in demo mode. Never throws. */
export interface Clock {
  now(): Date;
}
