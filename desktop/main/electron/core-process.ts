// Entry of the console core's Electron utility process (bundled to dist/electron/core-process.cjs):
// creates the core from the options the main process passes and serves the windows' ports.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConsoleCore } from '../core/console-core.js';
import { hostCore } from './core-host.js';
import type { ParentPortLike } from './electron-types.js';

function main(): void {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (!parentPort) {
    console.error('core-process.cjs runs only inside an Electron utility process.');
    process.exit(2);
  }
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { hub: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const hubUrl = typeof values.hub === 'string' ? values.hub : process.env.LAMPHOUSE_HUB_URL;
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : process.env.LAMPHOUSE_DATA_DIR;
  const core =
    hubUrl && dataDir
      ? createConsoleCore({ hubUrl, dataDir: path.resolve(dataDir) })
      : Promise.reject(new Error('the core process needs --hub and --data-dir'));
  hostCore({ parentPort, core, exit: (code) => process.exit(code) }).catch((error: unknown) => {
    console.error('[core-process] failed', error);
    process.exit(1);
  });
}

main();
