import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * Bundles a TypeScript entry (and everything it imports but the native better-sqlite3) into one
 * ES module under `outDir`, with the same esbuild transform tsx applies on the fly. A child
 * process started from the bundle loads in ~0.2 s instead of ~1 s under tsx, which is what
 * lets a test kill and restart a till hundreds of times in about a minute.
 */
export async function bundleChild(entry: string, outDir: string): Promise<string> {
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.bundle.mjs`);
  const native = require.resolve('better-sqlite3');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    // Smaller to parse at each of the hundreds of starts; stack traces are not needed there.
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // Bundled CommonJS dependencies (serialport's parsers) call require() for Node built-ins;
    // an ES module has no require, so give the bundle one.
    banner: { js: "import { createRequire as __keelCreateRequire } from 'node:module'; const require = __keelCreateRequire(import.meta.url);" },
    // The native addon stays a normal import, by absolute path (the bundle lives in a temp dir).
    plugins: [
      { name: 'native-sqlite', setup: (b) => b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: native, external: true })) },
      // serialport finds its native prebuild relative to its own files: keep it out of the bundle too.
      { name: 'native-serial', setup: (b) => b.onResolve({ filter: /^(serialport|@serialport\/.+)$/ }, (args) => ({ path: require.resolve(args.path), external: true })) },
    ],
  });
  return outfile;
}
