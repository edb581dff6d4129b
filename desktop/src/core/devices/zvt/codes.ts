/** ZVT code tables: result codes (§3.8), intermediate status texts (§3.9), card type ids, CP437 text. */

/** Result codes of BMP 27, Abort 06 1E and 84 xx [P15 ch.10], DEVICES.md §3.8. */
const RESULT: Record<number, string> = {
  0x00: 'no error', 0x64: 'card not readable', 0x65: 'no card data', 0x66: 'processing error',
  0x67: 'not permitted for ec/Maestro cards', 0x68: 'not permitted for credit/tank cards', 0x6a: 'turnover file full',
  0x6b: 'function deactivated (terminal not registered)', 0x6c: 'abort via timeout or abort key', 0x6e: 'card in blocked list',
  0x6f: 'wrong currency', 0x71: 'credit not sufficient', 0x72: 'chip error', 0x73: 'card data incorrect', 0x74: 'DUKPT exhausted',
  0x75: 'text not authentic', 0x76: 'PAN not in white list', 0x77: 'end-of-day not possible', 0x78: 'card expired', 0x79: 'card not yet valid',
  0x7a: 'card unknown', 0x7b: 'fallback to magstripe not possible', 0x7c: 'fallback to magstripe not possible', 0x7d: 'communication error',
  0x7e: 'fallback to magstripe not possible', 0x83: 'function not possible', 0x85: 'key missing', 0x89: 'PIN pad defective',
  0x9a: 'ZVT protocol error', 0x9b: 'dial-up/communication fault', 0x9c: 'please wait', 0xa0: 'receiver not ready',
  0xa1: 'remote station does not respond', 0xa3: 'no connection', 0xa4: 'Geldkarte submission not possible', 0xa5: 'not allowed (PCI-DSS/P2PE)',
  0xb1: 'memory full', 0xb2: 'merchant journal full', 0xb4: 'already reversed', 0xb5: 'reversal not possible', 0xb7: 'pre-authorisation incorrect',
  0xb8: 'error pre-authorisation', 0xbf: 'supply voltage too low', 0xc0: 'card locking defective', 0xc1: 'merchant card locked',
  0xc2: 'diagnosis required', 0xc3: 'maximum amount exceeded', 0xc4: 'card profile invalid', 0xc5: 'payment method not supported',
  0xc6: 'currency not applicable', 0xc8: 'amount too small', 0xc9: 'max amount too small', 0xcb: 'only in EURO', 0xcc: 'printer not ready',
  0xcd: 'cashback not possible', 0xd2: 'not permitted for service cards', 0xdc: 'card inserted', 0xdd: 'card eject error', 0xde: 'card insert error',
  0xe0: 'remote maintenance active', 0xe2: 'card reader defective', 0xe3: 'shutter closed', 0xe4: 'terminal activation required',
  0xe7: 'goods group not allowed', 0xe8: 'goods group not allowed', 0xe9: 'restriction code not permitted', 0xea: 'card code not permitted',
  0xeb: 'PIN algorithm unknown', 0xec: 'PIN processing not possible', 0xed: 'PIN pad defective', 0xf0: 'open end-of-day batch',
  0xf1: 'ec-cash/Maestro offline error', 0xf5: 'OPT error', 0xf6: 'OPT data missing', 0xfa: 'clearing error', 0xfb: 'turnover data set defective',
  0xfc: 'device missing or defective', 0xfd: 'baud rate not supported', 0xfe: 'register unknown', 0xff: 'system error',
};

export function resultMeaning(code: number): string {
  if (code >= 0x01 && code <= 0x63) return `declined by the card issuer or network (code ${code.toString(16).padStart(2, '0').toUpperCase()})`;
  return RESULT[code] ?? 'unknown result code';
}

/** "ZVT 6C: abort via timeout or abort key". */
export function describeResult(code: number): string {
  return `ZVT ${code.toString(16).padStart(2, '0').toUpperCase()}: ${resultMeaning(code)}`;
}

/** What a failed result means for the cashier: a "no" about the card, an abort, or a terminal that cannot work. */
export function resultKind(code: number): 'declined' | 'aborted' | 'terminal' {
  if (code === 0x6c) return 'aborted';
  const terminal = [0x6a, 0x6b, 0x77, 0x7d, 0x83, 0x85, 0x89, 0x9a, 0x9b, 0x9c, 0xa0, 0xa1, 0xa3, 0xb1, 0xb2, 0xbf, 0xc2, 0xcc, 0xe0, 0xe2, 0xe3, 0xe4, 0xed, 0xf0, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff];
  return terminal.includes(code) ? 'terminal' : 'declined';
}

/** Intermediate status texts of 04 FF [P15 Table 17], DEVICES.md §3.9. */
const INTERMEDIATE: Record<number, string> = {
  0x00: 'Waiting for amount confirmation', 0x01: 'Please watch the PIN pad', 0x02: 'Please watch the PIN pad', 0x03: 'Not accepted',
  0x04: 'Waiting for the host', 0x05: 'Sending auto-reversal', 0x06: 'Sending post-bookings', 0x07: 'Card not admitted', 0x08: 'Card unknown',
  0x09: 'Card expired', 0x0a: 'Insert card', 0x0b: 'Please remove card', 0x0c: 'Card not readable', 0x0d: 'Processing error', 0x0e: 'Please wait',
  0x0f: 'Automatic end-of-day', 0x10: 'Invalid card', 0x11: 'Balance display', 0x12: 'System malfunction', 0x13: 'Payment not possible',
  0x14: 'Credit not sufficient', 0x15: 'Incorrect PIN', 0x16: 'Limit not sufficient', 0x17: 'Please wait', 0x18: 'PIN try limit exceeded',
  0x19: 'Card data incorrect', 0x1a: 'Service mode', 0x1b: 'Approved, please fill up', 0x1c: 'Approved, please take goods', 0x1d: 'Declined',
  0x5e: 'Contactless access finished', 0xc8: 'Waiting for the cashier', 0xd2: 'Dialling', 0xd3: 'Connected', 0xf1: 'Offline', 0xf2: 'Online',
  0xf3: 'Offline transaction',
};

export function intermediateText(code: number): string {
  const direct = INTERMEDIATE[code];
  if (direct) return direct;
  // 41–5D are 01–1D with "please remove card" (§3.9).
  const base = code >= 0x41 && code <= 0x5d ? INTERMEDIATE[code - 0x40] : undefined;
  return base ? `${base} – please remove card` : 'Please wait';
}

/** ZVT card type ids of BMP 8A (a few common ones; Portalum.Zvt `Parsers/BmpParser.cs`). */
const CARD_TYPES: Record<number, string> = { 5: 'GIROCARD', 6: 'MASTERCARD', 8: 'AMEX', 10: 'VISA', 11: 'VISA ELECTRON', 12: 'DINERS', 13: 'V PAY', 14: 'JCB', 46: 'MAESTRO', 232: 'DISCOVER' };

export function cardTypeName(id: number): string {
  return CARD_TYPES[id] ?? `CARD TYPE ${id}`;
}

// The default ZVT character set is CP437 (§3.4, [P15 §15.2]): the upper half, 0x80–0xFF.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** CP437 bytes → text; control characters become spaces (terminal text is untrusted). */
export function decodeCp437(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 ? (CP437_HIGH[b - 0x80] ?? '?') : b < 0x20 || b === 0x7f ? ' ' : String.fromCharCode(b);
  return out;
}
