// Bundles the Electron shell into dist/electron/*.cjs with esbuild: main process, sandboxed preload
// and the console core's utility process. `electron` is provided by Electron itself at run time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
export const DEFAULT_OUTDIR = path.join(root, 'dist', 'electron');
const electronDir = path.join(root, 'desktop', 'main', 'electron');

function commonOptions(outdir: string): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.cjs' },
    sourcemap: true,
    logLevel: 'warning',
    // CommonJS has no import.meta; code that asks for its own location gets the bundle's.
    define: { 'import.meta.url': '__lamphouse_import_meta_url', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
    banner: { js: "const __lamphouse_import_meta_url = require('url').pathToFileURL(__filename).href;" },
  };
}

export async function buildElectron(outdir: string = DEFAULT_OUTDIR): Promise<void> {
  const common = commonOptions(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: [path.join(electronDir, 'main.ts')],
    external: ['electron'],
  });
  await build({
    ...common,
    entryPoints: [path.join(electronDir, 'preload.ts')],
    external: ['electron'],
    // The sandboxed preload's require knows only 'electron' and a few polyfills: no node: imports, no banner.
    banner: {},
    define: {},
    platform: 'browser',
    minify: true,
  });
  await build({
    ...common,
    entryPoints: [path.join(electronDir, 'core-process.ts')],
    // Native addons load from node_modules at run time; ws's optional speed-ups are optional.
    // pdfkit reads its data files beside its own module, so it stays in node_modules too.
    external: ['electron', 'better-sqlite3', 'sharp', 'pdfkit', 'bufferutil', 'utf-8-validate'],
  });
  // The cache finds its migrations next to its own module (new URL('./migrations', import.meta.url)),
  // which in the bundle is dist/electron/, so they travel with it.
  const migrations = path.join(root, 'desktop', 'main', 'core', 'cache', 'migrations');
  if (fs.existsSync(migrations)) fs.cpSync(migrations, path.join(outdir, 'migrations'), { recursive: true });
  // The PDF reports' shipped fonts likewise (desktop/main/core/pdf/fonts.ts reads them beside itself).
  fs.cpSync(path.join(root, 'desktop', 'main', 'core', 'pdf', 'fonts'), path.join(outdir, 'fonts'), { recursive: true });
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && path.resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  await buildElectron();
  console.log(`Electron shell built into ${path.relative(root, DEFAULT_OUTDIR)}/ (main.cjs, preload.cjs, core-process.cjs, migrations/, fonts/)`);
}
