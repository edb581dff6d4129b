import { withCheckDigit } from './gtin';

/**
 * In-store barcodes for weighed and priced goods (scale labels).
 *
 * GS1 reserves GS1 Prefixes 20–29 (EAN-13; U.P.C. prefix 2 in UPC-A) for Restricted Circulation
 * Numbers used within a geographic region: each GS1 Member Organisation or the retailer decides
 * their internal layout, typically an item reference plus a weight or price (GS1 General
 * Specifications, section 2.1.13 "Restricted Circulation Numbers (RCN)" (Release 18 numbering);
 * the number carries an ordinary GS1 check digit, section 7.9). Because the layout is national
 * or store-specific, Keel does not hard-wire one: rules are configuration.
 *
 * Layout of a rule (13 digits): PREFIX + ITEM + VALUE + C, with prefix + item + value = 12.
 * Defaults (a common scale-label convention; stores with another layout configure theirs):
 *   21 IIIII WWWWW C  weight in grams          → qtyMilli = WWWWW (thousandths of a kilogram)
 *   22 IIIII PPPPP C  price in minor units     → embeddedPriceMinor = PPPPP
 *
 * Item mapping convention: the product for a label is the one whose barcode, or failing that
 * whose SKU, is the label's PREFIX + ITEM digits (for the defaults 7 digits, e.g. "2100123").
 * The EAN-13 with a zero value ("2100123000000" + check digit, as many scale systems register
 * a PLU) is accepted too. A product meant for both label kinds carries both codes
 * ("2100123" and "2200123"), which keeps one code = one meaning.
 */
export interface InStoreRule {
  /** Leading digits claimed by the rule, e.g. "21". Must start with 2 (GS1 Prefix 20–29). */
  prefix: string;
  kind: 'weight' | 'price';
  /** Digits of the item reference after the prefix (default 5). */
  itemDigits?: number;
  /** Digits of the weight or price before the check digit (default 5). */
  valueDigits?: number;
}

export const DEFAULT_IN_STORE_RULES: readonly InStoreRule[] = [
  { prefix: '21', kind: 'weight' },
  { prefix: '22', kind: 'price' },
];

/** What a valid in-store code says, before the product is looked up. */
export interface InStoreCode {
  kind: InStoreRule['kind'];
  /** Codes (barcode, then SKU) under which the product is registered, in the order to try. */
  itemKeys: string[];
  /** Grams for weight rules, minor units for price rules. */
  value: number;
}

interface CompiledRule extends Required<InStoreRule> {
  itemEnd: number;
}

/** Checks and normalises rules once, at construction, so a bad configuration fails at startup. */
export function compileRules(rules: readonly InStoreRule[]): CompiledRule[] {
  return rules.map((rule) => {
    const itemDigits = rule.itemDigits ?? 5;
    const valueDigits = rule.valueDigits ?? 5;
    if (!/^2\d*$/.test(rule.prefix)) throw new RangeError(`in-store rule prefix ${rule.prefix} is not a GS1 20–29 prefix`);
    if (itemDigits < 1 || valueDigits < 1 || rule.prefix.length + itemDigits + valueDigits !== 12) {
      throw new RangeError(`in-store rule ${rule.prefix}: prefix, item and value digits must add up to 12`);
    }
    return { prefix: rule.prefix, kind: rule.kind, itemDigits, valueDigits, itemEnd: rule.prefix.length + itemDigits };
  });
}

/**
 * Decodes a 13-digit code whose check digit was already verified. Null when no rule claims it.
 * The longest matching prefix wins, so a store may refine "2" with "21".
 */
export function decodeInStore(code: string, rules: readonly CompiledRule[]): InStoreCode | null {
  if (code.length !== 13) return null;
  let match: CompiledRule | undefined;
  for (const rule of rules) {
    if (code.startsWith(rule.prefix) && (!match || rule.prefix.length > match.prefix.length)) match = rule;
  }
  if (!match) return null;
  const item = code.slice(0, match.itemEnd);
  const value = Number(code.slice(match.itemEnd, 12));
  return { kind: match.kind, itemKeys: [item, withCheckDigit(item.padEnd(12, '0'))], value };
}
