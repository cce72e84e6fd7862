/**
 * Iterates `iterable` until `signal` aborts, then rejects with the signal's reason at once, even
 * while the source is waiting for its next item (a stalled stream must not outlive the abort).
 */
export async function* abortable<T>(iterable: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T, void, undefined> {
  const iterator = iterable[Symbol.asyncIterator]();
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
  });
  aborted.catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Release the source without waiting: after an abort its pending read may never settle.
    if (!finished) void Promise.resolve().then(() => iterator.return?.()).catch(() => {});
  }
}
