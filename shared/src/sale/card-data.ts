/**
 * Guards that keep card numbers out of Keel (DESIGN.md invariant 8: never store or log a PAN;
 * keep brand, masked PAN, auth code and the terminal's receipt text). Pure functions taking
 * `unknown`/strings so that schemas, the log scrubber and the crash reporter share one rule.
 */

const MASK_CHARS = '*Xx\u2022#';
const MASKED_PAN = new RegExp(`^(\\d{0,6})([${MASK_CHARS}]+)(\\d{0,4})$`);

/**
 * True for a masked PAN: at most the first 6 and the last 4 digits visible (PCI DSS 3.4
 * truncation), the rest masked with `*`, `X`, `x`, `•` or `#`; spaces and dashes between groups
 * are allowed. Examples: `411111******1111`, `**** **** **** 1111`, `XXXX1234`.
 * A string with leading digits shown must have a real PAN length (12–19) so that at least two
 * digits stay hidden. Anything else, and every full PAN, is false.
 */
export function isMaskedPan(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 32) return false;
  if (!/^[\d*Xx\u2022# -]+$/.test(value)) return false;
  const compact = value.replace(/[ -]/g, '');
  const match = MASKED_PAN.exec(compact);
  if (!match) return false;
  const leading = match[1] ?? '';
  if (compact.length > 19) return false;
  if (leading.length > 0 && compact.length < 12) return false;
  return true;
}

/** The Luhn (mod 10) check every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Runs of digits, allowing one space or dash between digits (`4111 1111-1111 1111`). */
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;
const MIN_PAN = 12;
const MAX_PAN = 19;

/**
 * True when some 12–19 consecutive digits inside a run pass the Luhn check. Deliberately
 * over-inclusive: windows are checked, not only whole runs, so a PAN followed by an expiry
 * (`4111 1111 1111 1111 05/27`) is still caught. A long reference number may be flagged too;
 * that only costs a few masked digits on a receipt copy.
 */
export function containsPan(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    if (runHasPan(match[0].replace(/[ -]/g, ''))) return true;
  }
  return false;
}

function runHasPan(digits: string): boolean {
  if (digits.length < MIN_PAN) return false;
  for (let start = 0; start + MIN_PAN <= digits.length; start += 1) {
    for (let len = MIN_PAN; len <= MAX_PAN && start + len <= digits.length; len += 1) {
      if (luhnValid(digits.slice(start, start + len))) return true;
    }
  }
  return false;
}

/**
 * The text with every PAN-like run masked: all its digits become `*` except the run's last 4.
 * Separators stay, so receipt layout is kept. Apply to card-terminal text (receipt lines,
 * status messages) before it is put into a sale, a log or a crash report:
 * `containsPan(redactPans(x))` is always false, which is what the tender schemas check.
 */
export function redactPans(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[ -]/g, '');
    if (!runHasPan(digits)) return run;
    let keep = 4;
    const out: string[] = [];
    for (let i = run.length - 1; i >= 0; i -= 1) {
      const ch = run.charAt(i);
      if (ch >= '0' && ch <= '9') {
        out.push(keep > 0 ? ch : '*');
        keep -= 1;
      } else {
        out.push(ch);
      }
    }
    return out.reverse().join('');
  });
}
