/**
 * GTIN arithmetic for the scan path: EAN-8, UPC-A (GTIN-12), EAN-13 and GTIN-14 are one number
 * space. GS1 General Specifications (section 3.3.2, AI (01); check digit section 7.9) store every
 * GTIN right-justified in a 14-digit field with leading zeros, and U.P.C. prefixes were assigned
 * so that no two GTIN formats collide in that field. So a UPC-A `036000291452` and the EAN-13
 * `0036000291452` are the same trade item, and a catalog that registered one form must still
 * find a scan of the other.
 */

const DIGITS = /^\d+$/;

/** Lengths a scanner delivers for GTINs (EAN-8, UPC-A, EAN-13, ITF-14/GTIN-14). */
export const GTIN_LENGTHS: readonly number[] = [8, 12, 13, 14];

/**
 * The GS1 mod-10 check digit for `body` (the digits before the check digit): weights 3,1,3,...
 * from the right, so the same function serves every GTIN length.
 */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (body.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `code` has a GTIN length (8, 12, 13, 14), only digits, and a correct check digit. */
export function isValidGtin(code: string): boolean {
  if (!GTIN_LENGTHS.includes(code.length) || !DIGITS.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** True when `code` looks like a GTIN (digits only, GTIN length): then its check digit must hold. */
export function isGtinShaped(code: string): boolean {
  return GTIN_LENGTHS.includes(code.length) && DIGITS.test(code);
}

/**
 * The other spellings of the same GTIN, shortest leading-zero forms included: for a UPC-A its
 * EAN-13 (leading 0) and GTIN-14; for an EAN-13 starting with 0 its UPC-A; for a padded EAN-8
 * the EAN-8. Excludes `code` itself. Only for a valid GTIN.
 */
export function equivalentGtins(code: string): string[] {
  const full = code.padStart(14, '0');
  const forms: string[] = [];
  // EAN-13 first: it is what most catalogs register, then UPC-A, GTIN-14, EAN-8.
  for (const length of [13, 12, 14, 8]) {
    const form = full.slice(14 - length);
    if (form !== code && /^0*$/.test(full.slice(0, 14 - length))) forms.push(form);
  }
  return forms;
}

/** `body` with its check digit appended (builds the EAN-13 form of an in-store item code). */
export function withCheckDigit(body: string): string {
  return body + String(gtinCheckDigit(body));
}
