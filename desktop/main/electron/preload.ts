// Entry of the sandboxed preload (bundled to dist/electron/preload.cjs): exposes the typed bridge.
import { loadElectron } from './load-electron.js';
import { installPreload } from './preload-bridge.js';
import type { ElectronPreloadModule } from './electron-types.js';

installPreload(loadElectron<ElectronPreloadModule>(), window);
