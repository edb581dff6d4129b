import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createLogger, defineConfig } from 'vite';

/**
 * The bridge tag in index.html (`<script src="/keel-bridge.js">`) is served by the shells, not
 * bundled: Vite's notice that it "can't be bundled" is expected, so it is not printed.
 */
const logger = createLogger('warn');
const warn = logger.warn.bind(logger);
logger.warn = (message, options) => {
  if (message.includes('/keel-bridge.js')) return;
  warn(message, options);
};

/**
 * The cashier UI bundle (desktop/src/renderer → desktop/dist/renderer). `base: './'` so the
 * same files load from Electron's protocol and from the browser host. The output has no inline
 * script and no remote URL, so it runs under the strict CSP (DESIGN.md invariant 9) that both
 * shells send (desktop/src/main/security/csp.ts).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  customLogger: logger,
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // The polyfill would be an inline helper; Chromium supports modulepreload natively.
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
});
