import fc from 'fast-check';

/**
 * fast-check arbitraries for hostile input: any code point, lone surrogate halves, the keys that
 * pollute prototypes, and JSON documents built from them.
 */

/** The keys that, merged carelessly, write to `Object.prototype`. */
export const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** The fields of `POST /invocations` (CONTRACT.md §2) and the shapes they accept. */
export const REQUEST_FIELDS = ['prompt', 'action', 'investigation_id', 'async', 'plan', 'session_id', 'user_id', 'auto_approve_plan', 'stream', 'input'] as const;

/** One UTF-16 "unit": any code point, a lone high or low surrogate, or a character JSON must escape. */
export const hostileChar: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('"', '\\', '\n', '\r', '\u0000', '\u2028', '\u2029', '\ufeff', '\ufffd', ' ', '\t'),
);

/** Strings of any code points, lone surrogates included. */
export const hostileString = (maxLength = 40): fc.Arbitrary<string> => fc.string({ unit: hostileChar, maxLength });

/** `n` code points, all the same hostile character: cheap to build at any size. */
export const hugeString = (minCodePoints: number, maxCodePoints: number): fc.Arbitrary<string> =>
  fc.tuple(hostileChar, fc.integer({ min: minCodePoints, max: maxCodePoints })).map(([c, n]) => c.repeat(n));

/** Object keys: ordinary names, the request's own fields, and the prototype-polluting ones. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...DANGEROUS_KEYS, ...REQUEST_FIELDS, 'polluted', 'steps', 'toString', 'hasOwnProperty', 'valueOf'),
  hostileString(12),
);

/** Any JSON value whose strings and keys are hostile. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, 1e308, -1, 0.5, Number.MAX_SAFE_INTEGER + 2),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    hostileString(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A value of some JSON type: what a field of the wrong type looks like on the wire. */
export const anyJsonType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, '', ' ', 'true', 'simple', 'approve', 'cancel', 'status', 'modify', [], {}),
  hostileString(),
  hugeString(200, 30_000),
  fc.array(hostileJson, { maxLength: 3 }),
  fc.dictionary(hostileKey, hostileJson, { maxKeys: 3 }),
);

/**
 * JSON text of an object whose keys include `__proto__`, `constructor` or `prototype` at some
 * depth. Built as text because an object literal with `__proto__` sets the prototype instead of
 * a key; `JSON.parse` makes it an own property, as a server receives it.
 */
export const pollutingJsonText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...DANGEROUS_KEYS),
    fc.constantFrom('{"polluted":"yes"}', '{"prototype":{"polluted":"yes"}}', '{"__proto__":{"polluted":"yes"}}', '"yes"', '[{"polluted":"yes"}]'),
    fc.constantFrom('top', 'input', 'plan', 'input.plan', 'prompt'),
    fc.dictionary(fc.constantFrom(...REQUEST_FIELDS), anyJsonType, { maxKeys: 3 }),
  )
  .map(([key, payload, where, others]) => {
    const evil = `"${key}":${payload}`;
    const rest = Object.entries(others).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    const obj = (...members: string[]): string => `{${members.filter(Boolean).join(',')}}`;
    switch (where) {
      case 'input':
        return obj(`"input":${obj(evil, '"prompt":"why?"', ...rest)}`);
      case 'plan':
        return obj('"action":"modify"', `"plan":${obj(evil, '"steps":[]')}`, ...rest);
      case 'input.plan':
        return obj(`"input":${obj('"action":"modify"', `"plan":${obj(evil)}`)}`);
      case 'prompt':
        return obj(`"prompt":${obj(evil)}`, ...rest);
      default:
        return obj(evil, '"prompt":"why?"', ...rest);
    }
  });

/** True when nothing was added to `Object.prototype` (the classic pollution check). */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe['polluted'] === undefined && Object.getOwnPropertyNames(Object.prototype).every((name) => !/polluted|steps|prompt/.test(name));
}
