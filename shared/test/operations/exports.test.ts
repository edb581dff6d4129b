import { describe, expect, it } from 'vitest';
import * as catalog from '../../src/catalog';
import * as errors from '../../src/errors';
import * as ipc from '../../src/ipc';
import * as money from '../../src/money';
import * as operations from '../../src/operations';
import * as pricing from '../../src/pricing';
import * as sale from '../../src/sale';
import * as sync from '../../src/sync';

describe('public API', () => {
  it('When every folder is re-exported from @keel/shared, then no two folders export the same name', () => {
    const modules: Record<string, object> = { catalog, errors, ipc, money, operations, pricing, sale, sync };
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [folder, module] of Object.entries(modules)) {
      for (const name of Object.keys(module)) {
        const previous = owner.get(name);
        if (previous) clashes.push(`${name}: ${previous} and ${folder}`);
        else owner.set(name, folder);
      }
    }
    expect(clashes).toEqual([]);
  });
});
