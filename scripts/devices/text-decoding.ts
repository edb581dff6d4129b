/**
 * Printer code pages for the simulator's text (Epson numbering, DEVICES.md §1.2 `ESC t`):
 * CP437 (0) by table, WPC1252 (16) through TextDecoder, others only for ASCII.
 */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const windows1252 = new TextDecoder('windows-1252');

export function decodeText(bytes: readonly number[], codePage: number): string {
  if (codePage === 16) return windows1252.decode(Uint8Array.from(bytes));
  let out = '';
  for (const b of bytes) {
    if (b < 0x80) out += String.fromCharCode(b);
    else if (codePage === 0 || codePage === 19) out += codePage === 19 && b === 0xd5 ? '€' : (CP437_HIGH[b - 0x80] ?? '?');
    else out += '?';
  }
  return out;
}
