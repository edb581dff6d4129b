import { describe, expect, it } from 'vitest';
import { priceCart } from '../../src/pricing/cart';
import { line } from './fixtures';

describe('Published EU VAT example (Finnish Tax Administration)', () => {
  // Source: Vero Skatt, "VAT calculator – how to calculate VAT",
  // https://vero.fi/en/businesses-and-corporations/taxes-and-charges/vat/how-to-calculate-vat/
  // A repair costs €100.00 without VAT, plus €8.00 kilometres and €10.00 invoicing, all at the
  // general 25.5 % rate: taxable amount €118.00, VAT €118.00 × 25.5/100 = €30.09, total €148.09.
  // Backwards: VAT = rate × price incl. VAT / (100 + rate) = 25.5 × 148.09 / 125.5 = €30.09,
  // taxable amount = 100 × 148.09 / 125.5 = €118.00.
  // (The page's earlier edition used 24 %: €118.00 -> VAT €28.32, total €146.32; checked below too.)
  const vat = { id: 'fi-general', name: 'ALV 25.5 %', ratePpm: 255_000 };

  it('When the three charges are priced without VAT, then VAT is 30.09 and the total 148.09', () => {
    const cart = priceCart(
      {
        lines: [
          line({ lineId: 'repair', unitPriceMinor: 10_000, taxRateId: vat.id }),
          line({ lineId: 'kilometres', unitPriceMinor: 800, taxRateId: vat.id }),
          line({ lineId: 'invoice', unitPriceMinor: 1_000, taxRateId: vat.id }),
        ],
        taxRates: [vat],
      },
      { currency: 'EUR', taxMode: 'exclusive' },
    );
    // Per line: 25.50 + 2.04 + 2.55 = 30.09, the same as on the total because every line is exact.
    expect(cart.lines.map((l) => l.taxMinor)).toEqual([2_550, 204, 255]);
    expect(cart.totals).toMatchObject({ netMinor: 11_800, taxMinor: 3_009, totalMinor: 14_809 });
    expect(cart.totals.taxes).toEqual([{ taxRateId: vat.id, ratePpm: 255_000, netMinor: 11_800, taxMinor: 3_009, grossMinor: 14_809 }]);
  });

  it('When the VAT-inclusive price 148.09 is priced in an inclusive store, then VAT 30.09 and taxable amount 118.00 are extracted', () => {
    const cart = priceCart(
      { lines: [line({ lineId: 'repair', unitPriceMinor: 14_809, taxRateId: vat.id })], taxRates: [vat] },
      { currency: 'EUR', taxMode: 'inclusive' },
    );
    expect(cart.totals).toMatchObject({ netMinor: 11_800, taxMinor: 3_009, totalMinor: 14_809 });
  });

  it('When the earlier 24 % edition of the example is priced, then 146.32 splits into 118.00 and 28.32', () => {
    const rate = { id: 'fi-24', name: 'ALV 24 %', ratePpm: 240_000 };
    const cart = priceCart(
      { lines: [line({ lineId: 'repair', unitPriceMinor: 14_632, taxRateId: rate.id })], taxRates: [rate] },
      { currency: 'EUR', taxMode: 'inclusive' },
    );
    expect(cart.totals).toMatchObject({ netMinor: 11_800, taxMinor: 2_832, totalMinor: 14_632 });
  });
});

describe('Published US sales tax example (Texas)', () => {
  // Rule: Texas Tax Code §151.053(a), https://statutes.capitol.texas.gov/Docs/TX/htm/TX.151.htm#151.053
  // "A fraction of one cent that is less than one-half of one cent is not collected and a
  // fraction of one cent that is equal to one-half of one cent or more is collected as one cent".
  // Examples: Texas Comptroller, Tax Policy News (May 2012), "Proper calculation of sales and use
  // tax", as reproduced at http://texastaxgroup.com/proper-calculation-of-sales-and-use-tax/ and
  // https://www.avalara.com/taxrates/en/blog/2012/05/texas-clarifies-proper-calculation-of-sales-tax.html
  const rate = { id: 'tx-combined', name: 'State 6.25 % + city 2 %', ratePpm: 82_500 };
  const texas = { currency: 'USD', taxMode: 'exclusive' as const, roundingMode: 'half-up' as const };

  it('When a $250 item is taxed at 8.25 %, then $20.625 is collected as $20.63', () => {
    const cart = priceCart({ lines: [line({ lineId: 'item', unitPriceMinor: 25_000, taxRateId: rate.id })], taxRates: [rate] }, texas);
    expect(cart.totals).toMatchObject({ netMinor: 25_000, taxMinor: 2_063, totalMinor: 27_063 });
  });

  it('When a $20 item is taxed at 8.25 %, then the tax is $1.65 (state $1.25 + city $0.40)', () => {
    const cart = priceCart({ lines: [line({ lineId: 'item', unitPriceMinor: 2_000, taxRateId: rate.id })], taxRates: [rate] }, texas);
    expect(cart.totals.taxMinor).toBe(165);
  });

  it('When a $50 item has a 10 % discount, then tax is computed on the discounted $45: $3.7125 -> $3.71', () => {
    const cart = priceCart(
      {
        lines: [line({ lineId: 'item', unitPriceMinor: 5_000, taxRateId: rate.id })],
        cartDiscount: { kind: 'percent', basisPoints: 1_000 },
        taxRates: [rate],
      },
      texas,
    );
    expect(cart.totals).toMatchObject({ subtotalMinor: 5_000, discountMinor: 500, netMinor: 4_500, taxMinor: 371, totalMinor: 4_871 });
  });

  it('When two $7 items are sold together, then per-line tax (2 × $0.5775 -> 2 × $0.58) equals the Comptroller’s $1.16 on $14', () => {
    // Texas taxes the transaction total ($14 × 8.25 % = $1.155 -> $1.16); Keel rounds per line
    // (tax.ts). Here both give $1.16; on long invoices they can differ by a few cents.
    const cart = priceCart(
      {
        lines: [line({ lineId: 'a', unitPriceMinor: 700, taxRateId: rate.id }), line({ lineId: 'b', unitPriceMinor: 700, taxRateId: rate.id })],
        taxRates: [rate],
      },
      texas,
    );
    expect(cart.totals.taxMinor).toBe(116);
  });
});
