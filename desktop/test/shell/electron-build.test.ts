import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { electronBundles } from '../../../scripts/build-electron';
import { tempDir } from '../support/temp';

/** Every module a CommonJS bundle still requires at run time. */
function requiresOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]!))].sort();
}

describe('Electron bundles', () => {
  it('When main, preload and core are bundled, then the sandboxed preload requires only electron, and core loads natives from disk', async () => {
    const outdir = tempDir();
    await Promise.all(electronBundles(outdir).map((options) => build(options)));
    // A sandboxed preload may require only electron, events, timers and url (DESIGN.md).
    expect(requiresOf(path.join(outdir, 'preload.cjs')).filter((m) => !['electron', 'events', 'timers', 'url'].includes(m))).toEqual([]);
    // Core must never load Electron (it is plain Node), and finds better-sqlite3 unpacked.
    const core = requiresOf(path.join(outdir, 'core.cjs'));
    expect(core).not.toContain('electron');
    expect(core).toContain('better-sqlite3');
    expect(requiresOf(path.join(outdir, 'main.cjs'))).toContain('electron');
  });
});
