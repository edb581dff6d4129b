// Bundles the Electron side of the terminal into desktop/dist/electron (desktop/src/main/paths.ts):
//
//   npm run build:electron        (tsx scripts/build-electron.ts)
//
// - main.cjs:    Electron main; electron and the native modules stay external.
// - preload.cjs: the sandboxed preload. A sandboxed preload can `require` only electron, events,
//                timers and url (DESIGN.md "Desktop shell and fleet"), so everything else it
//                uses (@keel/shared's channel names, zod) is inlined; test/shell checks that the
//                bundle requires nothing else.
// - core.cjs:    the core process entry for utilityProcess; better-sqlite3 and serialport load
//                from node_modules (unpacked from the asar, electron-builder.yml), rebuilt for
//                Electron's ABI by electron-builder (npmRebuild).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = (file: string) => path.join(root, 'desktop/src', file);
export const ELECTRON_OUT_DIR = path.join(root, 'desktop/dist/electron');

/** Native modules (and their loaders) never go into a bundle: they are .node files on disk. */
const NATIVE = ['better-sqlite3', 'serialport', '@serialport/*', 'bindings', 'node-gyp-build', 'usb'];

export function electronBundles(outdir = ELECTRON_OUT_DIR): BuildOptions[] {
  const common: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'linked', logLevel: 'warning' };
  return [
    { ...common, entryPoints: [src('main/main.ts')], outfile: path.join(outdir, 'main.cjs'), external: ['electron', ...NATIVE] },
    // Sandboxed preloads run in a renderer-like context: no Node built-ins beyond the four above.
    { ...common, entryPoints: [src('preload/preload.ts')], outfile: path.join(outdir, 'preload.cjs'), external: ['electron'], sourcemap: false, minify: true },
    // pdfkit reads its font metrics (data/*.afm) from beside its own files at run time, so it
    // stays a node_module too, with fontkit, its font engine. The PDF's fonts are resolved from
    // node_modules through import.meta.url (report-fonts.ts), which a CommonJS bundle defines
    // from its own file name.
    {
      ...common,
      entryPoints: [src('core/process/entry.ts')],
      outfile: path.join(outdir, 'core.cjs'),
      external: [...NATIVE, 'pdfkit', 'fontkit'],
      define: { 'import.meta.url': '__keelModuleUrl' },
      banner: { js: "const __keelModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    },
  ];
}

export async function buildElectron(outdir = ELECTRON_OUT_DIR): Promise<void> {
  await Promise.all(electronBundles(outdir).map((options) => build(options)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
  console.log(`Electron bundles written to ${path.relative(root, ELECTRON_OUT_DIR)}`);
}
