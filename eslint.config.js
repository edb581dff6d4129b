// Lint rules, including the process boundaries of DESIGN.md ("the tree shows the
// architecture"). The boundaries live here, enforced by a tool rather than by memory;
// test/boundaries.test.ts proves that a deliberate violation fails.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const desktopPaths = ['@keel/desktop', '@keel/desktop/*', '**/desktop/**'];
const serverPaths = ['@keel/server', '@keel/server/*', '**/server/src/**', '**/server/**'];

/** One rule entry forbidding the given patterns with a message saying why. */
function forbid(message, ...groups) {
  return {
    'no-restricted-imports': ['error', { patterns: [{ group: groups.flat(), message }] }],
  };
}

export const boundaries = [
  {
    // shared is the contract both sides compute with: pure TypeScript, no I/O, no app code.
    files: ['shared/**/*.ts'],
    rules: forbid(
      'shared/ imports nothing from server or desktop, and does no I/O (DESIGN.md "Layout").',
      desktopPaths,
      serverPaths,
      ['node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'pg', 'better-sqlite3', 'electron', 'express', 'serialport'],
    ),
  },
  {
    // The server never runs terminal code.
    files: ['server/**/*.ts'],
    rules: forbid('server/ never imports desktop code.', desktopPaths, ['electron', 'better-sqlite3']),
  },
  {
    // Core must run in plain Node (tests, host, utilityProcess): Electron stays in main/preload.
    files: ['desktop/src/core/**/*.ts'],
    rules: forbid(
      'desktop/src/core never imports electron or the UI: it runs in plain Node.',
      ['electron', 'electron/*', '**/renderer/**', '**/main/**', '**/preload/**'],
      serverPaths,
    ),
  },
  {
    // The renderer is untrusted and talks only to window.keel: shared and itself, nothing else.
    files: ['desktop/src/renderer/**/*.{ts,tsx}'],
    rules: forbid(
      'desktop/src/renderer imports only @keel/shared and its own files; it reaches core through window.keel.',
      ['electron', 'electron/*', 'node:*', 'better-sqlite3', 'serialport', '**/core/**', '**/main/**', '**/preload/**', '**/host/**'],
      serverPaths,
    ),
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/out/**', '**/coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': 'error',
      'no-console': 'off',
    },
  },
  ...boundaries,
);
