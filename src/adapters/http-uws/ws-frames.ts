/**
 * Server → client frames of `GET /ws`, each at most `MAX_FRAME_BYTES` of UTF-8 (AgentCore caps
 * WebSocket frames at 32 KB; agentcore-contract.md §1.5).
 *
 * An event whose JSON text fits is sent as that text, unchanged. A larger one is cut into
 * consecutive fragment frames:
 *
 *   {"type":"fragment","seq":<event number>,"index":<0…count-1>,"count":<n>,"data":"<part of the JSON text>"}
 *
 * The client concatenates `data` of the fragments with the same `seq`, in `index` order (they
 * arrive consecutively and in order), and parses the result as the original event. Cuts fall
 * on code point boundaries, so every part is well-formed text in any language, and each
 * fragment frame, with its escaping, stays under the limit.
 */
export const MAX_FRAME_BYTES = 32_000;

// `{"type":"fragment","seq":,"index":,"count":,"data":""}` is 53 bytes; three numbers of up to 16 digits.
const ENVELOPE_BYTES = 53 + 3 * 16;

/** The text frames for one event; `seq` numbers the event within its connection. */
export function encodeFrames(event: unknown, seq: number, maxBytes = MAX_FRAME_BYTES): string[] {
  const text = JSON.stringify(event);
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return [text];
  const parts = splitForData(text, maxBytes - ENVELOPE_BYTES);
  return parts.map((data, index) => JSON.stringify({ type: 'fragment', seq, index, count: parts.length, data }));
}

/**
 * Cuts `text` into parts whose JSON string encoding (without the quotes) is at most `budget`
 * bytes. Never splits a surrogate pair.
 */
export function splitForData(text: string, budget: number): string[] {
  if (budget < 12) throw new RangeError(`A fragment budget of ${budget} bytes is too small`);
  const parts: string[] = [];
  let start = 0;
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const cost = escapedBytes(code);
    if (used + cost > budget) {
      parts.push(text.slice(start, i));
      start = i;
      used = 0;
    }
    used += cost;
    i += width;
  }
  if (start < text.length || parts.length === 0) parts.push(text.slice(start));
  return parts;
}

/** UTF-8 bytes of one code point inside a JSON string literal, as JSON.stringify writes it. */
function escapedBytes(code: number): number {
  if (code === 0x22 || code === 0x5c) return 2; // \" and \\
  if (code < 0x20) return JSON.stringify(String.fromCharCode(code)).length - 2; // \n or \u0001
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // a lone surrogate becomes \udxxx
  if (code <= 0xffff) return 3;
  return 4;
}
