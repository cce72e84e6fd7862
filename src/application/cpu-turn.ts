// How long one piece of investigation work may hold the event loop before others get a turn.
const SLICE_MS = 4;
const waiting: (() => void)[] = [];
let sliceEnds = 0;
let draining = false;

/**
 * A cooperative turn on the event loop, awaited between the CPU-bound steps of an investigation
 * (a node starting, a model answer or a tool result being read). Investigations are mostly
 * waiting, but a thousand of them woken by the same timer tick would otherwise run their next
 * steps back to back, seconds of work during which `/ping` and new requests wait for the loop.
 * Here, while others wait, each gets one slice per loop iteration, and the loop polls for I/O
 * between any two. Alone, an investigation keeps going without yielding for up to a slice.
 */
export function cpuTurn(): Promise<void> | undefined {
  if (waiting.length === 0 && performance.now() < sliceEnds) return undefined;
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  });
}

function drain(): void {
  const next = waiting.shift();
  sliceEnds = performance.now() + SLICE_MS;
  next?.();
  // Scheduled from inside the check phase, so it runs on the next iteration, after its I/O poll.
  if (waiting.length > 0) setImmediate(drain);
  else draining = false;
}
