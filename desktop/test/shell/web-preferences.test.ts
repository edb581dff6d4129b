import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/main/security/csp';
import { mainWindowOptions, SECURE_WEB_PREFERENCES } from '../../src/main/security/web-preferences';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : /\.(ts|tsx|mjs|js|ya?ml)$/.test(entry.name) ? [file] : [];
  });
}

// DESIGN.md invariant 9 and STYLE.md "Scars to avoid": never sandbox: false, contextIsolation
// switched off, nodeIntegration, or webSecurity off, not even "for tests".
const FORBIDDEN = [
  /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/,
  /sandbox\s*:\s*false/,
  /contextIsolation\s*:\s*false/,
  /webSecurity\s*:\s*false/,
  /allowRunningInsecureContent\s*:\s*true/,
  /webviewTag\s*:\s*true/,
  /enableBlinkFeatures/,
  /ELECTRON_DISABLE_SECURITY_WARNINGS/,
  /exposeInMainWorld\([^)]*ipcRenderer/,
];

describe('Electron configuration', () => {
  it('When the window is created, then it uses the secure preferences and the preload, nothing weaker', () => {
    const options = mainWindowOptions('/app/preload.cjs', false);
    expect(options.webPreferences).toEqual({ ...SECURE_WEB_PREFERENCES, preload: '/app/preload.cjs' });
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  it('When the shell sources and electron-builder.yml are read, then no setting weakens the renderer', () => {
    const files = [
      ...filesUnder(path.join(root, 'desktop/src/main')),
      ...filesUnder(path.join(root, 'desktop/src/preload')),
      ...filesUnder(path.join(root, 'desktop/src/host')),
      path.join(root, 'electron-builder.yml'),
      path.join(root, 'scripts/start.mjs'),
    ];
    const offences = files.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return FORBIDDEN.filter((pattern) => pattern.test(text)).map((pattern) => `${path.relative(root, file)}: ${pattern}`);
    });
    expect(offences).toEqual([]);
  });

  it('When electron-builder.yml is read, then natives are unpacked and rebuilt, and simulators and tests stay out', () => {
    const yml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    for (const line of ['npmRebuild: true', '"**/node_modules/better-sqlite3/**"', '"**/node_modules/@serialport/**"', '"!**/scripts/devices/**"', '"!test/**"', 'runAsNode: false']) {
      expect(yml).toContain(line);
    }
    expect(yml).toMatch(/target: \[AppImage, deb\]/);
    expect(yml).toMatch(/target: \[nsis\]/);
    expect(yml).toMatch(/target: \[dmg, zip\]/);
  });

  it('When the CSP is built, then scripts come only from the app and nothing inline, framed or remote is allowed', () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy({ connect: ['ws://127.0.0.1:4000'] })
        .split('; ')
        .map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:4000']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(JSON.stringify(directives)).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });
});
