import { describe, it, expect } from 'vitest';
import { pickErrorMessage, shellFilePicker } from './import-file-pick.js';
import { AppError } from '../../../../shared/errors.js';
import type { PreloadBridge } from '../../../../shared/ipc.js';
import { GENERIC_ERROR_MESSAGE } from '../../api/error-message.js';

const base: PreloadBridge = { send: () => undefined, onMessage: () => () => undefined };

describe('shellFilePicker', () => {
  it('is null in the browser shell and with a preload that has no picker', () => {
    expect(shellFilePicker(null)).toBeNull();
    expect(shellFilePicker(base)).toBeNull();
  });

  it("calls the bridge's picker and passes its answer on", async () => {
    const ref = { fileId: 'f1', fileName: 'sites.xlsx', bytes: 10 };
    const answers = [ref, null];
    let calls = 0;
    const picker = shellFilePicker({ ...base, pickImportFile: async () => (calls++, answers.shift() ?? null) });
    expect(picker).not.toBeNull();
    await expect(picker?.()).resolves.toEqual(ref);
    await expect(picker?.()).resolves.toBeNull();
    expect(calls).toBe(2);
  });
});

describe('pickErrorMessage', () => {
  it("shows the preload's message, without the prefix contextBridge may add", () => {
    expect(pickErrorMessage(new Error('This file is not an Excel workbook (.xlsx).'))).toBe('This file is not an Excel workbook (.xlsx).');
    expect(pickErrorMessage(new Error('Error: That file could not be read.'))).toBe('That file could not be read.');
  });

  it('uses the usual wording for app errors and a generic one for anything else', () => {
    expect(pickErrorMessage(new AppError('VALIDATION', 'Bad sheet.'))).toBe('Bad sheet.');
    expect(pickErrorMessage(new Error(''))).toBe(GENERIC_ERROR_MESSAGE);
    expect(pickErrorMessage('boom')).toBe(GENERIC_ERROR_MESSAGE);
  });
});
