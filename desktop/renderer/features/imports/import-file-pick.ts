// Electron shell: the workbook is chosen in the main process's open dialog and registered by the
// core; the page gets only its ref. The browser shell has no such picker and uploads instead.
import type { ImportFileRef } from '../../../../shared/console-api.js';
import { isAppError } from '../../../../shared/errors.js';
import type { PreloadBridge } from '../../../../shared/ipc.js';
import { GENERIC_ERROR_MESSAGE, userMessage } from '../../api/error-message.js';

/** The shell's picker (resolves null when the person cancels), or null when this shell has none. */
export function shellFilePicker(bridge: PreloadBridge | null): (() => Promise<ImportFileRef | null>) | null {
  const pick = bridge?.pickImportFile;
  if (!bridge || typeof pick !== 'function') return null;
  return () => pick.call(bridge);
}

/**
 * What to say when the picker rejects. The preload rejects only with messages meant for people
 * (the core's "not a workbook", "could not be read"), but contextBridge copies errors as plain
 * Errors and may prefix the text with "Error: ".
 */
export function pickErrorMessage(error: unknown): string {
  if (isAppError(error)) return userMessage(error);
  if (error instanceof Error) {
    const message = error.message.replace(/^(?:Error: )+/, '').trim();
    return message || GENERIC_ERROR_MESSAGE;
  }
  return GENERIC_ERROR_MESSAGE;
}
