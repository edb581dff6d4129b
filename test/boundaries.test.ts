import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The process boundaries of DESIGN.md are lint rules (eslint.config.js). These cases lint
// deliberate violations as if they were files in the tree and expect the rule to fire, so a
// rule that silently stops matching fails here.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['shared/src/x.ts', "import { createApp } from '../../server/src/app';"],
    ['shared/src/x.ts', "import { openStore } from '@keel/desktop/core';"],
    ['shared/src/x.ts', "import { readFileSync } from 'node:fs';"],
    ['desktop/src/core/sale/x.ts', "import { app } from 'electron';"],
    ['desktop/src/core/sale/x.ts', "import { Cart } from '../../renderer/cart';"],
    ['desktop/src/renderer/x.tsx', "import { openStore } from '../core/store/db';"],
    ['desktop/src/renderer/x.tsx', "import { ipcRenderer } from 'electron';"],
    ['desktop/src/renderer/x.tsx', "import fs from 'node:fs';"],
    ['server/src/x.ts', "import { openStore } from '../../desktop/src/core/store/db';"],
  ])('When %s does `%s`, then lint fails', async (file, code) => {
    const errors = await boundaryErrors(file, `${code}\nvoid 0;\n`);
    expect(errors.length).toBe(1);
  });

  it.each([
    ['desktop/src/renderer/x.tsx', "import { MinorSchema } from '@keel/shared';"],
    ['desktop/src/core/sale/x.ts', "import { MinorSchema } from '@keel/shared';"],
    ['desktop/src/main/x.ts', "import { app } from 'electron';"],
    ['server/src/x.ts', "import { MinorSchema } from '@keel/shared';"],
  ])('When %s does `%s`, then lint allows it', async (file, code) => {
    expect(await boundaryErrors(file, `${code}\nvoid 0;\n`)).toEqual([]);
  });
});
