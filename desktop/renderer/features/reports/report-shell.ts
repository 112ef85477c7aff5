// What the Electron shell adds to service report PDFs: a folder chosen in the main process's dialog
// for "Export to folder…" (the window gets only the core's id for it), and the OS print dialog on
// an exported PDF. The browser shell has neither: the zip export and the browser's print remain.
import type { ExportedFile } from '../../../../shared/console-api.js';
import type { ExportFolderChoice, PreloadBridge } from '../../../../shared/ipc.js';
import { pickErrorMessage } from '../imports/import-file-pick.js';

/** The shell's folder picker (null when the person cancels), or null when this shell has none. */
export function shellFolderPicker(bridge: PreloadBridge | null): (() => Promise<ExportFolderChoice | null>) | null {
  const pick = bridge?.pickExportFolder;
  if (!bridge || typeof pick !== 'function') return null;
  return () => pick.call(bridge);
}

/** The shell's OS print dialog for an exported PDF (true: sent to the printer), or null when this shell has none. */
export function shellPrinter(bridge: PreloadBridge | null): ((file: ExportedFile) => Promise<boolean>) | null {
  const print = bridge?.printFile;
  if (!bridge || typeof print !== 'function') return null;
  // The path exactly as the core reported it; the main process checks it is a PDF in the exports folder.
  return (file) => print.call(bridge, file.path);
}

export type FolderChoice = Readonly<{ kind: 'chosen'; folder: ExportFolderChoice }> | Readonly<{ kind: 'cancelled' }> | Readonly<{ kind: 'failed'; message: string }>;

/** Asks for a folder; a refusal (not writable, core gone) becomes a message a person can act on. */
export async function chooseExportFolder(pick: () => Promise<ExportFolderChoice | null>): Promise<FolderChoice> {
  try {
    const folder = await pick();
    return folder ? { kind: 'chosen', folder } : { kind: 'cancelled' };
  } catch (error) {
    return { kind: 'failed', message: pickErrorMessage(error) };
  }
}

/** The notification text once a folder export is done. */
export function folderExportSummary(file: Pick<ExportedFile, 'rows'>, folderName: string): string {
  return `${file.rows} ${file.rows === 1 ? 'PDF' : 'PDFs'} written to the folder ${folderName}.`;
}

export type PrintOutcome = 'printed' | 'cancelled' | 'failed';

/**
 * Prints through the shell's OS dialog. `failed` carries the message to show (the PDF is then
 * offered to open and print from elsewhere); a cancelled dialog is not an error.
 */
export async function printWithShell(print: (file: ExportedFile) => Promise<boolean>, file: ExportedFile): Promise<{ outcome: PrintOutcome; message?: string }> {
  try {
    return { outcome: (await print(file)) ? 'printed' : 'cancelled' };
  } catch (error) {
    return { outcome: 'failed', message: pickErrorMessage(error) };
  }
}
