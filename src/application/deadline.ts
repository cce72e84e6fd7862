/** A signal that ends with its parent or at its deadline, and lets go of both when disposed. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** True once the deadline itself (not the parent) aborted the signal. */
  readonly expired: boolean;
  /** Clears the timer and unhooks the parent; call it when the work ends, however it ends. */
  dispose(): void;
}

/**
 * `AbortSignal.any([parent, AbortSignal.timeout(ms)])` without what those keep alive: Node holds
 * a timeout signal, its timer, and every listener on it (and what those reach) until the timer
 * fires, which for a 15-minute investigation deadline meant each finished investigation stayed
 * in memory for 15 minutes. Here the timer is cleared and the listener removed on `dispose`.
 */
export function deadline(parent: AbortSignal | undefined, ms: number, what = 'operation'): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`${what} exceeded its ${ms} ms deadline`, 'TimeoutError'));
  }, ms);
  // A deadline alone must not keep a process alive that has nothing else to do.
  timer.unref();
  const onParent = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    get expired() { return expired; },
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}
