import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXPORTED_PDF_GONE, NOT_AN_EXPORTED_PDF, PrintFileError, printPdfInHiddenWindow, printablePdfPath } from './print-file.js';
import { mockElectron, MockEvent } from './testing/mock-electron.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A data folder with an exports folder holding one real-looking PDF. */
function setup(): { root: string; exportsDir: string; pdf: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
  dirs.push(root);
  const exportsDir = path.join(root, 'exports');
  fs.mkdirSync(exportsDir);
  const pdf = path.join(exportsDir, 'SR-2026-000001.pdf');
  fs.writeFileSync(pdf, '%PDF-1.7\n1 0 obj\n');
  return { root, exportsDir, pdf };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PrintFileError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('printablePdfPath', () => {
  it('accepts the path the core reported, or the bare name, and answers the real path', () => {
    const { exportsDir, pdf } = setup();
    expect(printablePdfPath(exportsDir, pdf)).toBe(fs.realpathSync(pdf));
    expect(printablePdfPath(exportsDir, 'SR-2026-000001.pdf')).toBe(fs.realpathSync(pdf));
    // Upper-case extension and a name starting with two dots are still inside the folder.
    const upper = path.join(exportsDir, '..odd.PDF');
    fs.writeFileSync(upper, '%PDF-1.4');
    expect(printablePdfPath(exportsDir, upper)).toBe(fs.realpathSync(upper));
  });

  it('refuses a ../ escape, even to a real PDF next to the exports folder', () => {
    const { root, exportsDir } = setup();
    fs.writeFileSync(path.join(root, 'outside.pdf'), '%PDF-1.7');
    expect(refusal(() => printablePdfPath(exportsDir, '../outside.pdf'))).toBe(NOT_AN_EXPORTED_PDF);
    expect(refusal(() => printablePdfPath(exportsDir, path.join(exportsDir, '..', 'outside.pdf')))).toBe(NOT_AN_EXPORTED_PDF);
    expect(refusal(() => printablePdfPath(exportsDir, path.join(root, 'outside.pdf')))).toBe(NOT_AN_EXPORTED_PDF);
  });

  it('refuses a symlink inside the folder that points out of it', () => {
    const { root, exportsDir } = setup();
    const outside = path.join(root, 'private.pdf');
    fs.writeFileSync(outside, '%PDF-1.7');
    const link = path.join(exportsDir, 'innocent.pdf');
    fs.symlinkSync(outside, link);
    expect(refusal(() => printablePdfPath(exportsDir, link))).toBe(NOT_AN_EXPORTED_PDF);
    // A linked folder inside exports is just as much outside.
    const elsewhere = path.join(root, 'elsewhere');
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'a.pdf'), '%PDF-1.7');
    fs.symlinkSync(elsewhere, path.join(exportsDir, 'sub'));
    expect(refusal(() => printablePdfPath(exportsDir, 'sub/a.pdf'))).toBe(NOT_AN_EXPORTED_PDF);
  });

  it('follows a symlinked exports folder itself (the data folder may live behind a link)', () => {
    const { root, exportsDir, pdf } = setup();
    const linkedExports = path.join(root, 'exports-link');
    fs.symlinkSync(exportsDir, linkedExports);
    expect(printablePdfPath(linkedExports, path.join(linkedExports, path.basename(pdf)))).toBe(fs.realpathSync(pdf));
  });

  it('refuses non-PDFs: by extension, by content, a folder, and garbage arguments', () => {
    const { exportsDir } = setup();
    fs.writeFileSync(path.join(exportsDir, 'cases.xlsx'), 'PK');
    fs.writeFileSync(path.join(exportsDir, 'fake.pdf'), '<html>not a pdf</html>');
    fs.writeFileSync(path.join(exportsDir, 'tiny.pdf'), '%PD');
    fs.mkdirSync(path.join(exportsDir, 'folder.pdf'));
    for (const requested of ['cases.xlsx', 'fake.pdf', 'tiny.pdf', 'folder.pdf', '', '   ', 'a\0.pdf', 'x'.repeat(5000) + '.pdf', 7, null, { path: 'a.pdf' }]) {
      expect(refusal(() => printablePdfPath(exportsDir, requested)), String(requested).slice(0, 40)).toBe(NOT_AN_EXPORTED_PDF);
    }
  });

  it('says the PDF is gone when it (or the exports folder) does not exist', () => {
    const { root, exportsDir } = setup();
    expect(refusal(() => printablePdfPath(exportsDir, 'SR-2026-999999.pdf'))).toBe(EXPORTED_PDF_GONE);
    expect(refusal(() => printablePdfPath(path.join(root, 'no-exports-yet'), 'SR-2026-000001.pdf'))).toBe(EXPORTED_PDF_GONE);
  });
});

describe('printPdfInHiddenWindow', () => {
  const silentLog = { error: () => undefined };

  it('prints with the OS dialog (silent:false) only after the load, then destroys the window', async () => {
    const { pdf } = setup();
    const electron = mockElectron({ gotLock: true });
    const printing = printPdfInHiddenWindow(electron.module.BrowserWindow, pdf, { log: silentLog });
    const win = electron.windows[0];
    if (!win) throw new Error('no print window');
    expect(win.options.show).toBe(false);
    expect(win.loadedUrls).toEqual([pathToFileURL(pdf).href]);
    expect(win.webContents.printCalls).toHaveLength(0);
    win.webContents.emit('did-finish-load');
    // A second load event (the viewer finishing) must not open a second dialog.
    win.webContents.emit('did-finish-load');
    expect(win.webContents.printCalls.map((c) => c.options)).toEqual([{ silent: false, printBackground: true }]);
    expect(win.destroyCalls).toBe(0);
    win.webContents.printCalls[0]?.callback(true, '');
    await expect(printing).resolves.toEqual({ printed: true });
    expect(win.destroyCalls).toBe(1);
  });

  it('blocks navigation and new windows from links inside the PDF', () => {
    const { pdf } = setup();
    const electron = mockElectron({ gotLock: true });
    void printPdfInHiddenWindow(electron.module.BrowserWindow, pdf, { log: silentLog }).catch(() => undefined);
    const win = electron.windows[0];
    if (!win) throw new Error('no print window');
    const away = new MockEvent();
    win.webContents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    const same = new MockEvent();
    win.webContents.emit('will-navigate', same, `${pathToFileURL(pdf).href}#page=2`);
    expect(same.defaultPrevented).toBe(false);
    expect(win.webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    win.destroy();
  });

  it('a cancelled dialog resolves printed:false; a failed print rejects with a clear message; both close the window', async () => {
    const { pdf } = setup();
    const electron = mockElectron({ gotLock: true });
    const cancelled = printPdfInHiddenWindow(electron.module.BrowserWindow, pdf, { log: silentLog });
    electron.windows[0]?.webContents.emit('did-finish-load');
    electron.windows[0]?.webContents.printCalls[0]?.callback(false, 'cancelled');
    await expect(cancelled).resolves.toEqual({ printed: false });
    expect(electron.windows[0]?.destroyed).toBe(true);

    const failed = printPdfInHiddenWindow(electron.module.BrowserWindow, pdf, { log: silentLog });
    electron.windows[1]?.webContents.emit('did-finish-load');
    electron.windows[1]?.webContents.printCalls[0]?.callback(false, 'failed');
    await expect(failed).rejects.toThrow(/could not be printed/);
    expect(electron.windows[1]?.destroyed).toBe(true);
  });

  it('gives up when the PDF fails to load or takes too long, without printing, and closes the window', async () => {
    const { pdf } = setup();
    const electron = mockElectron({ gotLock: true });
    const failing = printPdfInHiddenWindow(electron.module.BrowserWindow, pdf, { log: silentLog });
    electron.windows[0]?.webContents.emit('did-fail-load', new MockEvent(), -3, 'ERR_ABORTED');
    await expect(failing).rejects.toThrow(/could not be opened for printing/);
    expect(electron.windows[0]?.destroyed).toBe(true);

    const slow = printPdfInHiddenWindow(electron.module.BrowserWindow, pdf, { log: silentLog, loadTimeoutMs: 20 });
    await expect(slow).rejects.toThrow(/could not be opened for printing/);
    expect(electron.windows[1]?.destroyed).toBe(true);
    expect(electron.windows[1]?.webContents.printCalls).toEqual([]);
  });

  it('does not time out or close the window while the dialog is open', async () => {
    const { pdf } = setup();
    const electron = mockElectron({ gotLock: true });
    const printing = printPdfInHiddenWindow(electron.module.BrowserWindow, pdf, { log: silentLog, loadTimeoutMs: 10 });
    const win = electron.windows[0];
    win?.webContents.emit('did-finish-load');
    await new Promise((resolve) => setTimeout(resolve, 40));
    // A late failure event once printing started is ignored as well.
    win?.webContents.emit('did-fail-load', new MockEvent(), -3, 'ERR_ABORTED');
    expect(win?.destroyed).toBe(false);
    win?.webContents.printCalls[0]?.callback(true, '');
    await expect(printing).resolves.toEqual({ printed: true });
    expect(win?.destroyed).toBe(true);
  });
});
