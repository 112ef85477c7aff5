// Printing an exported PDF through the OS print dialog (Electron main process): checks that the file a
// window names is a PDF inside the console's exports folder, then loads it in a hidden window and
// calls webContents.print with the dialog. A page never gets anything else printed or opened.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorLike, BrowserWindowLike } from './electron-types.js';

/** In-memory session of the print window: the console's CSP (object-src 'none') would block the PDF viewer. */
export const PRINT_PARTITION = 'lamphouse-print';
/** How long the PDF may take to load before printing is given up (the dialog itself has no limit). */
export const PRINT_LOAD_TIMEOUT_MS = 30_000;
/** Longest path a window may name (the core's exports are far shorter). */
const MAX_REQUEST_LENGTH = 4096;

/** A refusal or failure whose message is meant for the person who asked to print. */
export class PrintFileError extends Error {
  override readonly name = 'PrintFileError';
}

export const NOT_AN_EXPORTED_PDF = 'Only PDFs Lamphouse exported can be printed from here.';
export const EXPORTED_PDF_GONE = 'That PDF is no longer in the exports folder. Make the PDF again, then print it.';

function isUnder(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * The real path of the PDF `requested` names (the ExportedFile's path, or a name relative to the
 * exports folder), or a PrintFileError: not a string, not `.pdf`, missing, not a file, outside the
 * exports folder once symlinks are resolved, or not starting with the PDF signature.
 */
export function printablePdfPath(exportsDir: string, requested: unknown): string {
  if (typeof requested !== 'string' || requested.trim() === '' || requested.length > MAX_REQUEST_LENGTH || requested.includes('\0')) {
    throw new PrintFileError(NOT_AN_EXPORTED_PDF);
  }
  if (path.extname(requested).toLowerCase() !== '.pdf') throw new PrintFileError(NOT_AN_EXPORTED_PDF);
  let root: string;
  let real: string;
  try {
    root = fs.realpathSync(exportsDir);
    real = fs.realpathSync(path.resolve(exportsDir, requested));
  } catch {
    throw new PrintFileError(EXPORTED_PDF_GONE);
  }
  // Checked on the resolved path: `..` segments and symlinks out of the folder both land outside it.
  if (!isUnder(root, real) || path.extname(real).toLowerCase() !== '.pdf') throw new PrintFileError(NOT_AN_EXPORTED_PDF);
  let fd: number | undefined;
  try {
    if (!fs.statSync(real).isFile()) throw new PrintFileError(NOT_AN_EXPORTED_PDF);
    fd = fs.openSync(real, 'r');
    const head = Buffer.alloc(5);
    const read = fs.readSync(fd, head, 0, 5, 0);
    if (read < 5 || head.toString('latin1') !== '%PDF-') throw new PrintFileError(NOT_AN_EXPORTED_PDF);
  } catch (error) {
    if (error instanceof PrintFileError) throw error;
    throw new PrintFileError(EXPORTED_PDF_GONE);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return real;
}

export type PrintPdfOptions = Readonly<{
  loadTimeoutMs?: number;
  log?: Readonly<{ error(message: string): void }>;
}>;

function withoutHash(url: string): string {
  const index = url.indexOf('#');
  return index === -1 ? url : url.slice(0, index);
}

/**
 * Loads the (already checked) PDF in a hidden, locked-down window and, once it has loaded, opens the
 * OS print dialog on it. Resolves `printed: false` when the person cancels; the window is destroyed
 * as soon as print's callback has answered (or loading failed), never left behind.
 */
export function printPdfInHiddenWindow(BrowserWindow: BrowserWindowConstructorLike, pdfPath: string, options: PrintPdfOptions = {}): Promise<{ printed: boolean }> {
  const log = options.log ?? { error: (m: string) => console.error(`[print] ${m}`) };
  const url = pathToFileURL(pdfPath).href;
  return new Promise((resolve, reject) => {
    let win: BrowserWindowLike;
    try {
      win = new BrowserWindow({
        show: false,
        width: 900,
        height: 1200,
        title: 'Lamphouse: print',
        webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, plugins: true, partition: PRINT_PARTITION },
      });
    } catch (error) {
      log.error(`could not create the print window: ${error instanceof Error ? error.message : String(error)}`);
      reject(new PrintFileError('The print dialog could not be opened. Try again, or open the PDF and print it from there.'));
      return;
    }
    let settled = false;
    let printing = false;
    const finish = (outcome: { printed: boolean } | PrintFileError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!win.isDestroyed()) win.destroy();
      if (outcome instanceof PrintFileError) reject(outcome);
      else resolve(outcome);
    };
    const loadFailed = (detail: string): void => {
      // Once the dialog is up, a late load event must not pull the window from under it.
      if (printing) return;
      log.error(`could not load ${pdfPath} for printing: ${detail}`);
      finish(new PrintFileError('The PDF could not be opened for printing. Try again, or open the PDF and print it from there.'));
    };
    const timer = setTimeout(() => loadFailed(`not loaded within ${options.loadTimeoutMs ?? PRINT_LOAD_TIMEOUT_MS} ms`), options.loadTimeoutMs ?? PRINT_LOAD_TIMEOUT_MS);
    timer.unref?.();

    const contents = win.webContents;
    // The PDF viewer shows links from the document: none of them may navigate or open a window.
    const blockNavigation = (event: { preventDefault(): void }, target: string): void => {
      if (withoutHash(target) !== url) event.preventDefault();
    };
    contents.on('will-navigate', blockNavigation);
    contents.on('will-redirect', blockNavigation);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('did-fail-load', (_event, errorCode, errorDescription) => loadFailed(`${errorCode} ${errorDescription}`));
    contents.on('did-finish-load', () => {
      if (settled || printing) return;
      printing = true;
      clearTimeout(timer);
      try {
        contents.print({ silent: false, printBackground: true }, (success, failureReason) => {
          if (success) finish({ printed: true });
          else if (/cancel/i.test(failureReason)) finish({ printed: false });
          else {
            log.error(`printing ${pdfPath} failed: ${failureReason}`);
            finish(new PrintFileError('The PDF could not be printed. Check the printer, then try again, or open the PDF and print it from there.'));
          }
        });
      } catch (error) {
        log.error(`print() threw for ${pdfPath}: ${error instanceof Error ? error.message : String(error)}`);
        finish(new PrintFileError('The print dialog could not be opened. Try again, or open the PDF and print it from there.'));
      }
    });
    win.on('closed', () => finish(new PrintFileError('The print window closed before printing.')));
    win.loadURL(url).catch((error: unknown) => loadFailed(error instanceof Error ? error.message : String(error)));
  });
}
