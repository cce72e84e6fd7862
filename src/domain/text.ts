const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Cuts text to at most `maxBytes` of UTF-8 without splitting a character, and says so,
 * so that the model knows the output was longer.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  const marker = `\n…[truncated: ${bytes.length} bytes, showing the first ${maxBytes}]`;
  let cut = decoder.decode(bytes.slice(0, Math.max(0, maxBytes)));
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return cut + marker;
}

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** A one-line preview for events and logs. */
export function preview(text: string, maxChars = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= maxChars ? line : `${detached(line.slice(0, maxChars - 1))}…`;
}

/**
 * A copy of a short string that shares no memory with the string it was cut from. Found by the
 * fault suite (test/int/faults-tools): V8 keeps a slice as a view into its parent, so a 300-char
 * evidence excerpt of a 20 MB tool output kept all 20 MB alive for as long as the finding lived
 * (the registry keeps the last 1000 results). Round-tripping through UTF-8 always allocates anew.
 */
export function detached(text: string): string {
  return decoder.decode(encoder.encode(text));
}
