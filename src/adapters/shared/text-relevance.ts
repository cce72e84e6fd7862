const STOP = new Set(['the', 'a', 'an', 'is', 'are', 'was', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'what', 'why', 'how', 'it', 'this', 'that', 'with', 'at', 'be', 'going']);

/** Lower-cased word stems without stop words: enough to rank a few hundred records by overlap. */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+(?:[-_.][a-z0-9]+)*/g) ?? [])
    .flatMap((t) => [t, ...t.split(/[-_.]/)])
    .filter((t) => t.length > 1 && !STOP.has(t))
    .map((t) => t.replace(/(ing|ed|es|s)$/, ''));
}

/** Share of the query's terms that the document contains (0 … 1). */
export function relevance(query: string, document: string): number {
  const q = new Set(terms(query));
  if (q.size === 0) return 0;
  const d = new Set(terms(document));
  let hits = 0;
  for (const t of q) if (d.has(t)) hits += 1;
  return hits / q.size;
}
