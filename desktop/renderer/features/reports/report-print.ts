// Printing a service report: the PDF the core wrote, with the print dialog called on it. Browser
// shell: the shell serves exports as downloads, so the PDF is fetched and printed from a hidden
// frame (a same-origin blob). Electron: the preload's printFile (report-shell.ts) opens the OS print
// dialog from the main process; the file:// URL in a new window remains only for an older preload.
import type { ExportedFile } from '../../../../shared/console-api.js';
import { exportLocation } from '../audit/export-link.js';

/** A file:// URL for a saved path (Windows drive paths and POSIX paths). */
export function fileUrl(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const withRoot = slashed.startsWith('/') ? slashed : `/${slashed}`;
  return `file://${encodeURI(withRoot).replace(/#/g, '%23').replace(/\?/g, '%3F')}`;
}

export function printUrl(file: ExportedFile, isElectron: boolean, storage: Pick<Storage, 'getItem'>): string {
  const where = exportLocation(file, isElectron, storage);
  return where.kind === 'download' ? where.url : fileUrl(where.path);
}

/**
 * Opens the PDF and asks for the print dialog once it has loaded. Some PDF viewers do not let the
 * opener print them; then the viewer's own print button is one click away (the window stays open).
 */
export function openAndPrint(url: string, open: (url: string) => Window | null = (u) => window.open(u, '_blank')): boolean {
  const win = open(url);
  if (!win) return false;
  const print = () => {
    try {
      win.focus();
      win.print();
    } catch {
      // A cross-origin viewer refused: the user prints from the opened viewer.
    }
  };
  win.addEventListener('load', print, { once: true });
  return true;
}

/** How long a printed PDF's frame and blob stay around (the print dialog may stay open a while). */
const PRINT_FRAME_TTL_MS = 10 * 60_000;

/**
 * Fetches the PDF and opens the browser's print dialog for it from a hidden frame. Rejects when the
 * file cannot be fetched, so the caller can offer the download instead.
 */
export async function printInFrame(url: string, doc: Document = document): Promise<void> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`The PDF could not be fetched (HTTP ${response.status}).`);
  const blob = new Blob([await response.arrayBuffer()], { type: 'application/pdf' });
  const objectUrl = URL.createObjectURL(blob);
  const frame = doc.createElement('iframe');
  frame.title = 'Service report to print';
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
  frame.addEventListener(
    'load',
    () => {
      try {
        frame.contentWindow?.focus();
        frame.contentWindow?.print();
      } catch {
        // The viewer refused: open it where the user can print it themselves.
        window.open(objectUrl, '_blank');
      }
    },
    { once: true },
  );
  frame.src = objectUrl;
  doc.body.appendChild(frame);
  setTimeout(() => {
    frame.remove();
    URL.revokeObjectURL(objectUrl);
  }, PRINT_FRAME_TTL_MS);
}
