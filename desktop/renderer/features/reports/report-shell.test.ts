import { describe, it, expect } from 'vitest';
import type { PreloadBridge } from '../../../../shared/ipc.js';
import { chooseExportFolder, folderExportSummary, printWithShell, shellFolderPicker, shellPrinter } from './report-shell.js';

const base: PreloadBridge = { send: () => undefined, onMessage: () => () => undefined };
const file = { fileName: 'SR-2026-000001.pdf', path: '/data/exports/SR-2026-000001.pdf', rows: 1, bytes: 10 };

describe('shellFolderPicker', () => {
  it('is null in the browser shell and with an older preload, so "Export to folder…" is not offered', () => {
    expect(shellFolderPicker(null)).toBeNull();
    expect(shellFolderPicker(base)).toBeNull();
  });
  it("calls the bridge's picker with no argument", async () => {
    const seen: unknown[][] = [];
    const folder = { folderId: 'f-1', folderName: 'Reports' };
    const pick = shellFolderPicker({
      ...base,
      pickExportFolder: async (...args: unknown[]) => (seen.push(args), folder),
    });
    await expect(pick?.()).resolves.toEqual(folder);
    expect(seen).toEqual([[]]);
  });
});

describe('chooseExportFolder', () => {
  it('tells chosen, cancelled and failed apart, with a message for people', async () => {
    await expect(chooseExportFolder(async () => ({ folderId: 'f', folderName: 'R' }))).resolves.toEqual({ kind: 'chosen', folder: { folderId: 'f', folderName: 'R' } });
    await expect(chooseExportFolder(async () => null)).resolves.toEqual({ kind: 'cancelled' });
    await expect(chooseExportFolder(() => Promise.reject(new Error('Error: That folder cannot be written to.')))).resolves.toEqual({
      kind: 'failed',
      message: 'That folder cannot be written to.',
    });
  });
  it('summarises the result', () => {
    expect(folderExportSummary({ rows: 1 }, 'R')).toBe('1 PDF written to the folder R.');
    expect(folderExportSummary({ rows: 12 }, 'R')).toBe('12 PDFs written to the folder R.');
  });
});

describe('shell printing', () => {
  it('is null without printFile (the browser path is used instead)', () => {
    expect(shellPrinter(null)).toBeNull();
    expect(shellPrinter(base)).toBeNull();
  });
  it('passes the exported path as the core reported it, and reads printed/cancelled/failed', async () => {
    const asked: string[] = [];
    const answers: Array<boolean | Error> = [true, false, new Error('Only PDFs Lamphouse exported can be printed from here.')];
    const print = shellPrinter({
      ...base,
      printFile: async (p: string) => {
        asked.push(p);
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return next ?? false;
      },
    });
    if (!print) throw new Error('expected a printer');
    await expect(printWithShell(print, file)).resolves.toEqual({ outcome: 'printed' });
    await expect(printWithShell(print, file)).resolves.toEqual({ outcome: 'cancelled' });
    await expect(printWithShell(print, file)).resolves.toEqual({ outcome: 'failed', message: 'Only PDFs Lamphouse exported can be printed from here.' });
    expect(asked).toEqual([file.path, file.path, file.path]);
  });
});
