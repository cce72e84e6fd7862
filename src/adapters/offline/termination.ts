/** What a container's last termination message says about why it exits. */
export interface Termination {
  readonly mode: 'disk' | 'dns-loop' | 'oom' | 'config' | 'other';
  /** A clause for "… crash-loops because …". */
  readonly because: string;
}

const RULES: readonly (readonly [Termination['mode'], RegExp, string])[] = [
  ['disk', /no space left on device|enospc|disk (quota exceeded|is full|full)|not enough space/i, 'its volume is full (No space left on device)'],
  ['dns-loop', /plugin\/loop|loop .*detected|forwarding loop/i, 'it detects a DNS forwarding loop in its configuration (plugin/loop: Loop detected)'],
  ['oom', /out of memory|oom|cannot allocate memory|heap space/i, 'it runs out of memory'],
  ['config', /no such file|not found|could not (open|load|read)|invalid|parse error|unknown directive|syntax error|missing/i, 'its configuration cannot be loaded'],
];

/** Reads a termination message; undefined when there is none to read. */
export function explainTermination(message: string | undefined): Termination | undefined {
  const m = message?.replace(/\s+/g, ' ').trim();
  if (!m) return undefined;
  const rule = RULES.find(([, re]) => re.test(m));
  return rule ? { mode: rule[0], because: rule[2] } : { mode: 'other', because: 'it exits on start-up' };
}
