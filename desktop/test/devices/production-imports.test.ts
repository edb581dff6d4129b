import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// DESIGN.md "Devices": simulators never ship in the production build. The build bundles what
// desktop/src imports, so no file there may import from scripts/ or anything named like a
// simulator. This test reads every import specifier under desktop/src.
const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.resolve(here, '../../src');

const SPECIFIER = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|import\s*['"]([^'"]+)['"]/g;

export function forbiddenImports(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
    if (/(^|\/)scripts(\/|$)/.test(spec) || /simulator|(^|[/-])sim([/.-]|$)/i.test(spec)) found.push(spec);
  }
  return found;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

describe('production code and the simulators', () => {
  it('When desktop/src is read, then no file imports from scripts/ or a simulator', () => {
    const offenders = files(src).flatMap((file) => forbiddenImports(fs.readFileSync(file, 'utf8')).map((spec) => `${path.relative(src, file)} → ${spec}`));
    expect(offenders).toEqual([]);
  });

  it.each([
    ["import { PrinterSimulator } from '../../../scripts/devices/printer-sim';"],
    ["import x from '../sim/zvt-sim';"],
    ["const s = await import('../devices/printer-simulator');"],
    ["export { a } from 'scripts/devices/run-devices';"],
  ])('When a file does `%s`, then the check catches it', (code) => {
    expect(forbiddenImports(code)).toHaveLength(1);
  });

  it('When a file imports ordinary modules, then the check lets it pass', () => {
    expect(forbiddenImports("import { SerialPort } from 'serialport';\nimport { simple } from './simple';\nimport { x } from './similar';")).toEqual([]);
  });
});
