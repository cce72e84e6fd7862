/** What BM25 ranks: a tool's name, description and input schema (parameter names and descriptions). */
export interface RankableTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

const K1 = 1.2;
const B = 0.75;
// A name says most about a tool, so its words count twice.
const NAME_WEIGHT = 2;

const STOP_WORDS = new Set([
  'a', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'by', 'can', 'do', 'e', 'eg', 'for', 'from', 'g', 'get', 'how', 'i', 'in', 'is', 'it',
  'its', 'me', 'my', 'of', 'on', 'one', 'only', 'or', 'show', 'that', 'the', 'their', 'this', 'to', 'use', 'what', 'when', 'which', 'why',
  'with', 'api',
]);

/**
 * Ranks tools against a natural-language query with Okapi BM25 (k1 1.2, b 0.75). Tool names split
 * on `_`, `___` and `-`; words are lower-cased and lightly stemmed so that "restarts",
 * "restarting" and "restart" meet. Returns at most `limit` tools with a positive score, best first.
 */
export function rankTools<T extends RankableTool>(tools: readonly T[], query: string, limit = 10): (T & { score: number })[] {
  const docs = tools.map(termsOf);
  const averageLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length);
  const documentFrequency = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const queryTerms = [...new Set(tokenize(query))];

  const scored = tools.map((tool, i) => {
    const doc = docs[i] ?? [];
    const frequency = new Map<string, number>();
    for (const term of doc) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    let score = 0;
    for (const term of queryTerms) {
      const f = frequency.get(term) ?? 0;
      if (f === 0) continue;
      const n = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      score += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * doc.length) / averageLength));
    }
    return { ...tool, score: Math.round(score * 1000) / 1000 };
  });
  return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, limit);
}

function termsOf(tool: RankableTool): string[] {
  const name = tokenize(tool.name);
  const params = Object.entries(asRecord(tool.inputSchema['properties'])).flatMap(([param, schema]) => {
    const description = asRecord(schema)['description'];
    return [...tokenize(param), ...tokenize(typeof description === 'string' ? description : '')];
  });
  return [...Array.from({ length: NAME_WEIGHT }, () => name).flat(), ...tokenize(tool.description), ...params];
}

export function tokenize(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0 && !STOP_WORDS.has(w)).map(stem);
}

/** A light suffix stripper; both sides of the comparison go through it, so crude is enough. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const asRecord = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
