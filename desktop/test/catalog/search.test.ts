import { describe, expect, it } from 'vitest';
import { CatalogReplica } from '../../src/core/catalog/replica';
import { freshLedger, product, upsert } from './fixtures';

function catalog() {
  const { db } = freshLedger();
  const replica = new CatalogReplica(db);
  replica.applyPage(
    [
      upsert.product(product('1', { name: 'Organic Milk 1L', sku: 'MILK-ORG' })),
      upsert.product(product('2', { name: 'milk chocolate', sku: 'CHOC-1' })),
      upsert.product(product('3', { name: 'Milk', sku: 'M1' })),
      upsert.product(product('4', { name: 'Buttermilk', sku: 'BM-2' })),
      upsert.product(product('5', { name: 'Milky Way (retired)', sku: 'MW', active: false })),
      upsert.product(product('6', { name: 'Äpfel Elstar', sku: 'APF-1' })),
      upsert.product(product('7', { name: 'Bio äpfel', sku: 'APF-2' })),
      upsert.product(product('8', { name: '100% Juice', sku: 'J-100' })),
      upsert.product(product('9', { name: 'Juice 100 ml', sku: 'J_2' })),
      upsert.product(product('10', { name: 'Coffee', sku: 'MILK', barcodes: ['4006381333931'] })),
    ],
    'c1',
  );
  return replica;
}

const ids = (list: { id: string }[]) => list.map((p) => p.id);

describe('CatalogReplica.search', () => {
  it('When a word is searched, then an exact SKU comes first, then SKU prefixes, name prefixes and substrings, inactive ones never', () => {
    // SKU 'MILK' exact (10), SKU prefix MILK-ORG (1), names starting with milk (3 'Milk', 2 'milk chocolate'),
    // then names containing it (4 'Buttermilk'); the inactive 'Milky Way' never.
    expect(ids(catalog().search('milk', 10))).toEqual(['10', '1', '3', '2', '4']);
  });

  it('When the search is in another case, then it matches case-insensitively', () => {
    expect(ids(catalog().search('CHOCOLATE', 10))).toEqual(['2']);
    expect(ids(catalog().search('bUtTeR', 10))).toEqual(['4']);
  });

  it('When non-ASCII letters are searched, then Unicode case is folded too', () => {
    expect(ids(catalog().search('äpfel', 10))).toEqual(['6', '7']);
    expect(ids(catalog().search('ÄPFEL', 10))).toEqual(['6', '7']);
  });

  it('When the limit is smaller than the matches, then only the best ones are returned', () => {
    expect(ids(catalog().search('milk', 2))).toEqual(['10', '1']);
    expect(catalog().search('milk', 0)).toEqual([]);
  });

  it('When the query holds LIKE wildcards, then they match literally', () => {
    expect(ids(catalog().search('100%', 10))).toEqual(['8']);
    expect(ids(catalog().search('J_', 10))).toEqual(['9']);
    expect(catalog().search('%', 10).map((p) => p.id)).toEqual(['8']);
  });

  it('When a barcode is typed into search, then its product is found', () => {
    expect(ids(catalog().search('4006381333931', 10))).toEqual(['10']);
  });

  it('When the query is blank, then nothing is returned', () => {
    expect(catalog().search('   ', 10)).toEqual([]);
  });
});
