// Entry of the Electron main process (bundled to dist/electron/main.cjs): reads the options the CLI
// passes, loads Electron and hands over to main-process.ts.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadElectron } from './load-electron.js';
import { startElectronMain } from './main-process.js';
import type { ElectronMainModule } from './electron-types.js';

const DEFAULT_HUB_URL = 'http://127.0.0.1:4010';

async function main(): Promise<void> {
  const electron = loadElectron<ElectronMainModule>();
  // Electron adds its own switches to argv; unknown ones are ignored rather than fatal.
  const { values } = parseArgs({
    args: process.argv.slice(electron.app.isPackaged ? 1 : 2),
    options: { hub: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const hub = typeof values.hub === 'string' ? values.hub : (process.env.LAMPHOUSE_HUB_URL ?? DEFAULT_HUB_URL);
  const dataDirOption = typeof values['data-dir'] === 'string' ? values['data-dir'] : process.env.LAMPHOUSE_DATA_DIR;
  const dataDir = path.resolve(dataDirOption ?? path.join(electron.app.getPath('userData'), 'console'));
  // This file only ever runs bundled as CommonJS next to its siblings, so __dirname is dist/electron.
  const here = __dirname;
  await startElectronMain(electron, {
    rendererIndex: path.join(here, '..', 'renderer', 'index.html'),
    preload: path.join(here, 'preload.cjs'),
    coreProcess: path.join(here, 'core-process.cjs'),
    hubUrl: hub,
    dataDir,
    platform: process.platform,
  });
}

main().catch((error: unknown) => {
  console.error('lamphouse: the Electron main process failed to start', error);
  process.exit(1);
});
