/**
 * Canonical JSON: one byte sequence per value, whatever order its keys were built in, so
 * that a hash computed by the terminal is reproduced by the server from its stored copy.
 *
 * Rules (a subset of RFC 8785, JSON Canonicalization Scheme, restricted to what Keel stores):
 * - objects: keys sorted by UTF-16 code units (JavaScript's default sort), recursively;
 *   properties whose value is `undefined` are dropped, as JSON.stringify does;
 * - arrays: in order; an `undefined` element is an error (JSON.stringify would write null);
 * - strings: exactly as JSON.stringify writes them;
 * - numbers: safe integers only. Keel's data is integers by design (money in minor units,
 *   quantities in thousandths, rates in ppm); a float, NaN, ±Infinity or an integer beyond
 *   2^53 − 1 in a hashed record is a bug, and float formatting is where canonical forms across
 *   languages go wrong (RFC 8785 §3.2.2.3). −0 is written as 0;
 * - true, false, null as literals;
 * - no whitespace.
 * Anything else (bigint, function, symbol, Date, Map, class instances, cycles) throws a
 * TypeError naming the path: the caller converts first (e.g. a Date to an ISO string).
 */
export function canonicalJson(value: unknown): string {
  return write(value, [], new Set());
}

// The path is a stack of keys, turned into text only when something is wrong: building a path
// string for every node made hashing a push batch measurably slower on the server.
type Path = (string | number)[];

function pathText(path: Path): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`), '$');
}

function write(value: unknown, path: Path, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new TypeError(`canonicalJson: ${pathText(path)} is ${String(value)}; only safe integers are allowed`);
      }
      return Object.is(value, -0) ? '0' : String(value);
    case 'object':
      return writeContainer(value, path, ancestors);
    default:
      throw new TypeError(`canonicalJson: ${pathText(path)} is a ${typeof value}, which has no JSON form`);
  }
}

function writeContainer(value: object, path: Path, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new TypeError(`canonicalJson: ${pathText(path)} is a cycle`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        path.push(i);
        if (item === undefined) throw new TypeError(`canonicalJson: ${pathText(path)} is undefined`);
        out += (i === 0 ? '' : ',') + write(item, path, ancestors);
        path.pop();
      }
      return `${out}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`canonicalJson: ${pathText(path)} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    let out = '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      path.push(key);
      out += `${first ? '' : ','}${JSON.stringify(key)}:${write(member, path, ancestors)}`;
      path.pop();
      first = false;
    }
    return `${out}}`;
  } finally {
    ancestors.delete(value);
  }
}
