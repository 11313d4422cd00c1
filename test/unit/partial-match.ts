/**
 * Deep partial matching of a value against a hand-written expectation, for fixture tests.
 *
 * - Objects compare only the keys present in the expectation.
 * - Arrays must match in length and element by element (each element partially).
 * - An object whose keys start with `$` is a matcher:
 *   - `{"$contains": [...]}`: each listed element matches some element of the actual array;
 *   - `{"$none": [...]}`: no listed element matches any element of the actual array;
 *   - `{"$count": N}`: the actual array has N elements (combinable with the two above);
 *   - `{"$startsWith": s}`, `{"$includes": s}`, `{"$excludes": s}`, `{"$regex": s, "$flags": f}`: strings;
 *   - `{"$oneOf": [...]}`: the actual value matches one of the listed expectations;
 *   - `{"$absent": true}`: the key is missing or undefined.
 */

/** One place where the actual value differs from the expectation. */
export interface Mismatch {
  /** JSON path such as `$.cards[3].options[1].correct`. */
  readonly path: string;
  readonly message: string;
}

const MATCHER_KEYS = new Set([
  '$contains', '$none', '$count', '$startsWith', '$includes', '$excludes', '$regex', '$flags', '$oneOf', '$absent',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Returns every mismatch between `actual` and the partial expectation `expected` (empty when it matches). */
export function partialMatch(actual: unknown, expected: unknown, path = '$'): Mismatch[] {
  if (isMatcher(expected)) {
    return matchMatcher(actual, expected, path);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      return [mismatch(path, 'an array', expected, actual)];
    }
    const out: Mismatch[] = [];
    if (actual.length !== expected.length) {
      out.push({ path, message: `expected ${expected.length} elements, got ${actual.length}\n    expected: ${show(expected)}\n    actual:   ${show(actual)}` });
    }
    const n = Math.min(actual.length, expected.length);
    for (let i = 0; i < n; i++) {
      out.push(...partialMatch(actual[i], expected[i], `${path}[${i}]`));
    }
    return out;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) {
      return [mismatch(path, 'an object', expected, actual)];
    }
    const out: Mismatch[] = [];
    for (const [key, value] of Object.entries(expected)) {
      const childPath = `${path}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
      if (isMatcher(value) && value.$absent === true) {
        if (actual[key] !== undefined) {
          out.push({ path: childPath, message: `expected the key to be absent, got ${show(actual[key])}` });
        }
        continue;
      }
      if (!(key in actual)) {
        out.push({ path: childPath, message: `missing key; expected ${show(value)}` });
        continue;
      }
      out.push(...partialMatch(actual[key], value, childPath));
    }
    return out;
  }
  if (!Object.is(actual, expected)) {
    return [mismatch(path, show(expected), expected, actual)];
  }
  return [];
}

/** Formats mismatches for an assertion message. */
export function formatMismatches(mismatches: readonly Mismatch[], limit = 20): string {
  const lines = mismatches.slice(0, limit).map((m) => `  at ${m.path}: ${m.message}`);
  if (mismatches.length > limit) {
    lines.push(`  … and ${mismatches.length - limit} more`);
  }
  return lines.join('\n');
}

function matchMatcher(actual: unknown, m: { [key: string]: Json }, path: string): Mismatch[] {
  for (const key of Object.keys(m)) {
    if (!MATCHER_KEYS.has(key)) {
      throw new Error(`fixture error at ${path}: unknown matcher key ${key} (or a matcher mixed with plain keys)`);
    }
  }
  const out: Mismatch[] = [];
  if ('$contains' in m || '$none' in m || '$count' in m) {
    if (!Array.isArray(actual)) {
      return [mismatch(path, 'an array', m, actual)];
    }
    if ('$count' in m && actual.length !== m.$count) {
      out.push({ path, message: `expected ${show(m.$count)} elements, got ${actual.length}\n    actual: ${show(actual)}` });
    }
    for (const [i, wanted] of asArray(m.$contains, path, '$contains').entries()) {
      if (!actual.some((a) => partialMatch(a, wanted).length === 0)) {
        out.push({ path: `${path}{$contains[${i}]}`, message: `no element matches ${show(wanted)}${closest(actual, wanted)}` });
      }
    }
    for (const [i, unwanted] of asArray(m.$none, path, '$none').entries()) {
      const hit = actual.findIndex((a) => partialMatch(a, unwanted).length === 0);
      if (hit >= 0) {
        out.push({ path: `${path}[${hit}]`, message: `element matches $none[${i}] ${show(unwanted)}\n    actual: ${show(actual[hit])}` });
      }
    }
  }
  if ('$startsWith' in m || '$includes' in m || '$excludes' in m || '$regex' in m) {
    if (typeof actual !== 'string') {
      return [...out, mismatch(path, 'a string', m, actual)];
    }
    if (typeof m.$startsWith === 'string' && !actual.startsWith(m.$startsWith)) {
      out.push(mismatch(path, `a string starting with ${show(m.$startsWith)}`, m, actual));
    }
    if (typeof m.$includes === 'string' && !actual.includes(m.$includes)) {
      out.push(mismatch(path, `a string including ${show(m.$includes)}`, m, actual));
    }
    if (typeof m.$excludes === 'string' && actual.includes(m.$excludes)) {
      out.push(mismatch(path, `a string not including ${show(m.$excludes)}`, m, actual));
    }
    if (typeof m.$regex === 'string' && !new RegExp(m.$regex, typeof m.$flags === 'string' ? m.$flags : '').test(actual)) {
      out.push(mismatch(path, `a string matching /${m.$regex}/${typeof m.$flags === 'string' ? m.$flags : ''}`, m, actual));
    }
  }
  if ('$oneOf' in m) {
    const choices = asArray(m.$oneOf, path, '$oneOf');
    if (!choices.some((c) => partialMatch(actual, c).length === 0)) {
      out.push(mismatch(path, `one of ${show(choices)}`, m, actual));
    }
  }
  if ('$absent' in m) {
    // Only meaningful as the value of a key; reaching here means the key was present.
    out.push({ path, message: `expected the key to be absent, got ${show(actual)}` });
  }
  return out;
}

function closest(actual: unknown[], wanted: unknown): string {
  let best: Mismatch[] | undefined;
  let bestIndex = -1;
  actual.forEach((a, i) => {
    const ms = partialMatch(a, wanted);
    if (best === undefined || ms.length < best.length) {
      best = ms;
      bestIndex = i;
    }
  });
  if (best === undefined) {
    return ' (the array is empty)';
  }
  const detail = best.slice(0, 5).map((m) => `\n      ${m.path.replace(/^\$/, `[${bestIndex}]`)}: ${m.message}`).join('');
  return `\n    closest element [${bestIndex}] differs:${detail}`;
}

function asArray(value: Json | undefined, path: string, key: string): Json[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new Error(`fixture error at ${path}: ${key} takes an array`);
  }
  return value;
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMatcher(value: unknown): value is { [key: string]: Json } {
  return isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => k.startsWith('$'));
}

function mismatch(path: string, what: string, _expected: unknown, actual: unknown): Mismatch {
  return { path, message: `expected ${what}, got ${show(actual)}` };
}

function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
