const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A predicate over ISO timestamps for the tools' time parameters: `start`/`end` inclusive, and a
 * `window` ("1h", "24h", "7d", …) counted back from `now`. A window that does not parse matches
 * nothing, as any value outside a documented enumeration does. Absent parameters do not filter.
 */
export function timeFilter(opts: { start?: string | undefined; end?: string | undefined; window?: string | undefined; now: Date }): (timestamp: string) => boolean {
  const start = opts.start === undefined ? -Infinity : Date.parse(opts.start);
  const end = opts.end === undefined ? Infinity : Date.parse(opts.end);
  const from = Math.max(start, windowStart(opts.window, opts.now));
  return (timestamp) => {
    const t = Date.parse(timestamp);
    return t >= from && t <= end;
  };
}

function windowStart(window: string | undefined, now: Date): number {
  if (window === undefined) return -Infinity;
  const m = /^\s*(\d+)\s*([mhdw])\s*$/i.exec(window);
  const unit = m ? UNIT_MS[(m[2] ?? '').toLowerCase()] : undefined;
  return m && unit !== undefined ? now.getTime() - Number(m[1]) * unit : Infinity;
}
