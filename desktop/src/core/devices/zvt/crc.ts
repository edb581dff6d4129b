/**
 * The ZVT serial checksum (DEVICES.md §3.2): [P16] names it CRC-XModem, but what terminals and
 * working implementations compute is CRC-16/CCITT reflected (polynomial 0x8408, init 0, no
 * final XOR; = CRC-16/KERMIT, check("123456789") = 0x2189), over the unstuffed APDU plus ETX.
 * All seven published test frames in §3.2 match this.
 */
const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

export function crc16(bytes: Iterable<number>): number {
  let crc = 0;
  for (const byte of bytes) crc = (crc >>> 8) ^ (TABLE[(crc ^ byte) & 0xff] ?? 0);
  return crc & 0xffff;
}
