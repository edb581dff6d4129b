export * from './schemas';
export { MoneyError, type MoneyErrorCode } from './errors';
export { divRound, roundToMultiple, toSafeNumber, toBigInt } from './rounding';
export { currencyExponent, isKnownCurrency, knownCurrencies } from './currency';
export { formatMoney, parseMoney, type FormatMoneyOptions } from './format';
export { parseQty, formatQty, QTY_SCALE, QTY_ONE, type FormatQtyOptions } from './quantity';
