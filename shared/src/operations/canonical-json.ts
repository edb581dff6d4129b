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
  try {
    return write(value, []);
  } catch (error) {
    if (error instanceof CanonicalPathError) throw new TypeError(`canonicalJson: ${pathText(error.path)} ${error.problem}`, { cause: error });
    throw error;
  }
}

// Speed matters: the server hashes every pushed op and the till every sale. So the walk keeps
// no path (a failure collects it while unwinding), detects cycles with a short stack of the
// containers being written, and quotes each distinct key once.

type Path = (string | number)[];

/** Thrown inside the walk; each container on the way out puts its key in front of the path. */
class CanonicalPathError extends Error {
  readonly path: Path = [];
  constructor(readonly problem: string) {
    super(problem);
  }
}

function pathText(path: Path): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`), '$');
}

const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    // Keys are field names, a few dozen in all; the bound only guards against odd input.
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function write(value: unknown, ancestors: object[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new CanonicalPathError(`is ${String(value)}; only safe integers are allowed`);
      return value === 0 ? '0' : String(value);
    case 'object':
      return writeContainer(value, ancestors);
    default:
      throw new CanonicalPathError(`is a ${typeof value}, which has no JSON form`);
  }
}

function writeContainer(value: object, ancestors: object[]): string {
  if (ancestors.includes(value)) throw new CanonicalPathError('is a cycle');
  ancestors.push(value);
  let key: string | number = 0;
  try {
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        key = i;
        const item: unknown = value[i];
        if (item === undefined) throw new CanonicalPathError('is undefined');
        out += i === 0 ? write(item, ancestors) : `,${write(item, ancestors)}`;
      }
      return `${out}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      ancestors.pop();
      throw new CanonicalPathError('is not a plain object');
    }
    const record = value as Record<string, unknown>;
    let out = '{';
    for (const name of Object.keys(record).sort()) {
      const member = record[name];
      if (member === undefined) continue;
      key = name;
      out += `${out.length === 1 ? '' : ','}${quoteKey(name)}:${write(member, ancestors)}`;
    }
    return `${out}}`;
  } catch (error) {
    if (error instanceof CanonicalPathError && ancestors.at(-1) === value) error.path.unshift(key);
    throw error;
  } finally {
    if (ancestors.at(-1) === value) ancestors.pop();
  }
}
