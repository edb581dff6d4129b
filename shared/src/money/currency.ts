import { MoneyError } from './errors';

/**
 * Minor-unit exponents of the active ISO 4217 codes (ISO 4217 list one, "Minor unit" column).
 * Listed explicitly rather than defaulting to 2 so that a typo such as "EUO" is refused instead
 * of silently priced in cents. MGA and MRU are 2 in ISO 4217 even though their real subunit is
 * a fifth; the standard is what receipts and fiscal exports use.
 */
const EXPONENT_0 = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const EXPONENT_3 = 'BHD IQD JOD KWD LYD OMR TND';
const EXPONENT_4 = 'CLF UYW';
const EXPONENT_2 = [
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN',
  'BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP',
  'GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP',
  'LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR',
  'NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN',
  'SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR',
  'ZMW ZWG',
].join(' ');

function table(): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  const add = (codes: string, exponent: number) => {
    for (const code of codes.split(' ')) map.set(code, exponent);
  };
  add(EXPONENT_0, 0);
  add(EXPONENT_2, 2);
  add(EXPONENT_3, 3);
  add(EXPONENT_4, 4);
  return map;
}

const EXPONENTS = table();

export function isKnownCurrency(code: string): boolean {
  return EXPONENTS.has(code);
}

/** Number of decimals of the currency's minor unit: EUR 2, JPY 0, KWD 3. */
export function currencyExponent(code: string): number {
  const exponent = EXPONENTS.get(code);
  if (exponent === undefined) {
    throw new MoneyError('UNKNOWN_CURRENCY', `unknown ISO 4217 currency code: ${code}`, { currency: code });
  }
  return exponent;
}

/** Every code in the table, for settings screens and tests. */
export function knownCurrencies(): string[] {
  return [...EXPONENTS.keys()].sort();
}
