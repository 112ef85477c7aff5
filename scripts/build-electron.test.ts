import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildElectron } from './build-electron.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

// Electron is not installed here, so each bundle runs in plain Node with `require('electron')`
// answered by a small stand-in (and `process.parentPort` for the utility process).
const ELECTRON_STAND_IN = `
const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'electron') return globalThis.__electron;
  return load.call(this, request, ...rest);
};
`;

function runBundle(outdir: string, bundle: string, shim: string): { status: number | null; stdout: string; stderr: string } {
  const shimFile = path.join(outdir, `shim-${bundle}.js`);
  fs.writeFileSync(shimFile, ELECTRON_STAND_IN + shim);
  const result = spawnSync(process.execPath, ['-r', shimFile, path.join(outdir, bundle)], {
    encoding: 'utf8',
    timeout: 15_000,
    // The bundle sits in a temp folder; its external native modules come from the repository.
    env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('buildElectron', () => {
  let outdir: string;
  let dataDir: string;

  beforeAll(async () => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
    await buildElectron(outdir);
  }, 60_000);

  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the three CommonJS bundles and the cache migrations', () => {
    for (const file of ['main.cjs', 'preload.cjs', 'core-process.cjs']) expect(fs.existsSync(path.join(outdir, file)), file).toBe(true);
    expect(fs.readdirSync(path.join(outdir, 'migrations')).some((f) => f.endsWith('.sql'))).toBe(true);
  });

  it('ships the PDF fonts beside the core bundle and leaves native and data-file packages to node_modules', () => {
    expect(fs.existsSync(path.join(outdir, 'fonts', 'DejaVuSans.ttf'))).toBe(true);
    const code = fs.readFileSync(path.join(outdir, 'core-process.cjs'), 'utf8');
    for (const name of ['better-sqlite3', 'sharp', 'pdfkit']) expect(code, name).toMatch(new RegExp(`require\\(["']${name}["']\\)`));
  });

  it('gives the sandboxed preload no require but electron', () => {
    const code = fs.readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });

  it('main.cjs loads electron at run time and a second instance quits', () => {
    const result = runBundle(
      outdir,
      'main.cjs',
      `globalThis.__electron = { app: { isPackaged: false, getPath: () => '/tmp', requestSingleInstanceLock: () => false, quit: () => console.log('QUIT'), on() {}, whenReady: () => new Promise(() => {}) } };`,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('QUIT');
    expect(result.status).toBe(0);
  });

  it('preload.cjs exposes the bridge under one key', () => {
    const result = runBundle(
      outdir,
      'preload.cjs',
      `globalThis.window = new EventTarget();
       globalThis.__electron = {
         contextBridge: { exposeInMainWorld: (key, api) => console.log('EXPOSED ' + key + ' ' + Object.keys(api).sort().join(',')) },
         ipcRenderer: { on() {}, invoke() { return Promise.resolve(null); } },
       };`,
    );
    expect(result.stderr).toBe('');
    // pickImportFile / pickExportFolder: Electron's dialogs for a workbook to import and a folder to
    // export PDFs to; printFile: the OS print dialog on an exported PDF (main process, by channel).
    expect(result.stdout.trim()).toBe('EXPOSED lamphouse onMessage,pickExportFolder,pickImportFile,printFile,send');
  });

  it('core-process.cjs creates the real core, answers a call over a window port and shuts down cleanly', () => {
    const result = runBundle(
      outdir,
      'core-process.cjs',
      `const { EventEmitter } = require('events');
       const parent = new EventEmitter();
       parent.postMessage = (m) => console.log('PARENT ' + JSON.stringify(m));
       process.parentPort = parent;
       process.argv.push('--hub', 'http://127.0.0.1:9', '--data-dir', ${JSON.stringify(dataDir)});
       class Port extends EventEmitter {
         postMessage(m) {
           console.log('PORT ' + JSON.stringify(m));
           if (m.kind === 'reply') parent.emit('message', { data: { type: 'shutdown' }, ports: [] });
         }
         start() { setImmediate(() => this.emit('message', { data: { kind: 'call', id: 1, method: 'session.get', arg: {} }, ports: [] })); }
         close() {}
       }
       setImmediate(() => parent.emit('message', { data: { type: 'window-port', windowId: 'console-1' }, ports: [new Port()] }));`,
    );
    expect(result.stdout).toContain('PARENT {"type":"core-ready"}');
    expect(result.stdout).toContain('PORT {"kind":"reply","id":1,"ok":true,"value":null}');
    expect(result.status).toBe(0);
  });
});
