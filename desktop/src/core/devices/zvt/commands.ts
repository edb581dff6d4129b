import { encodeApdu } from './apdu';
import { amountBcd, toBcd } from './bcd';

/** ECR → PT commands (DEVICES.md §3.5, [P15]). Password and currency are BCD (§3.4). */

/**
 * Registration config-byte (§3.6, [P15 Table 1]): ECR prints payment (0x02) and administration
 * (0x04) receipts, wants intermediate status (0x08), controls payment (0x10) and administration
 * (0x20), receipts come as Print Line 06 D1 (0x80).
 */
export const CONFIG_BYTE = 0x02 | 0x04 | 0x08 | 0x10 | 0x20 | 0x80;

const cat = (...parts: (Uint8Array | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

export interface Credentials {
  password: string;
  currencyNumeric: number;
}

const pwd = (c: Credentials) => toBcd(c.password, 3);
const currency = (c: Credentials) => toBcd(String(c.currencyNumeric), 2);

/** 06 00 `<pwd><config-byte><CC>`. */
export const registration = (c: Credentials) => encodeApdu(0x06, 0x00, cat(pwd(c), [CONFIG_BYTE], currency(c)));

/** 06 01 `04<amount> 49<CC>`. */
export const authorisation = (c: Credentials, amountMinor: number) => encodeApdu(0x06, 0x01, cat([0x04], amountBcd(amountMinor), [0x49], currency(c)));

/** 06 31 `<pwd> 04<amount> 49<CC>`. */
export const refund = (c: Credentials, amountMinor: number) => encodeApdu(0x06, 0x31, cat(pwd(c), [0x04], amountBcd(amountMinor), [0x49], currency(c)));

/** 06 30 `<pwd> 87<receipt-no>`: cancels a payment of today by the PT's receipt number. */
export const reversal = (c: Credentials, receiptNo: string) => encodeApdu(0x06, 0x30, cat(pwd(c), [0x87], toBcd(receiptNo, 2)));

/** 06 50 `<pwd>`. */
export const endOfDay = (c: Credentials) => encodeApdu(0x06, 0x50, pwd(c));

/** 05 01 `<pwd>`. */
export const statusEnquiry = (c: Credentials) => encodeApdu(0x05, 0x01, pwd(c));

/** 06 B0: the ECR aborts (§3.5: only while master, or where the running command allows it). */
export const ecrAbort = () => encodeApdu(0x06, 0xb0);
