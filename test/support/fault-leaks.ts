import { expect } from 'vitest';

/**
 * Leak accounting for the fault suites, by `process.getActiveResourcesInfo()`: libuv handles and
 * requests (sockets, servers, file and DNS requests) and ref'd timers, by kind. Node 20 leaves
 * unref'd timers out, so the many `AbortSignal.timeout` deadlines (unref'd, collected with their
 * signal) do not count, while a ref'd timer left behind, which would keep a process from exiting,
 * does. uWebSockets.js polls its own sockets and shows up here not at all, so the runtime's
 * listen socket needs no allowance; its idle state is checked by its own counters instead.
 */
export type Resources = Readonly<Record<string, number>>;

export function activeResources(): Resources {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

// Timers are held to zero, not to the baseline: a ref'd timer seen at a baseline is a transient
// one (vitest's own, or a startup step's, gone within a few ms), and a test body holds none itself.
const TIMERS = new Set(['Timeout', 'Immediate']);

/** What is above `baseline` now, by kind: `{}` when nothing was left behind. */
export function extraResources(baseline: Resources, now: Resources = activeResources()): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [kind, n] of Object.entries(now)) {
    const allowed = TIMERS.has(kind) ? 0 : baseline[kind] ?? 0;
    if (n > allowed) extra[kind] = n - allowed;
  }
  return extra;
}

/**
 * Waits, within `timeoutMs`, until nothing is above `baseline` (a closed socket leaves the list a
 * few event-loop turns after `destroy`; a library may sleep out a short ref'd backoff), then
 * asserts it, naming what is still there. Fewer than at the baseline is fine: something that was
 * running then has ended.
 */
export async function expectResourcesBack(baseline: Resources, timeoutMs = 3_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  // The poll's own timer has fired, and so left the count, whenever the condition is read.
  while (Object.keys(extraResources(baseline)).length > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  expect(extraResources(baseline)).toEqual({});
}
