// The one place that obtains the `electron` module. It is required at run time (never imported), so
// the shell typechecks without the optional electron package, and tests inject a double instead.

/** Returns `require('electron')` typed as the slice T the caller declares (electron-types.ts). */
export function loadElectron<T>(): T {
  // The Electron entries are bundled to CommonJS (scripts/build-electron.ts), where `require` is the
  // module's own and Electron answers 'electron' itself. No node: import here: the sandboxed
  // preload's require knows only a few modules.
  if (typeof require !== 'function') {
    throw new Error('The electron module is only available in the bundles under dist/electron (npm run build:electron).');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would make electron a compile-time dependency
  return require('electron') as T;
}
