import { describe, it, expect } from 'vitest';
import { TOKEN_STORAGE_KEY } from '../../transport/browser-transport.js';
import { exportLocation, exportSummary } from './export-link.js';

const file = { fileName: 'audit-2026-03-01.xlsx', path: '/data/exports/audit-2026-03-01.xlsx', rows: 12, bytes: 20_480 };
const storage = (token: string | null) => ({ getItem: (k: string) => (k === TOKEN_STORAGE_KEY ? token : null) });

describe('exportLocation', () => {
  it('links to the browser shell with the tab\'s launch token', () => {
    expect(exportLocation(file, false, storage('tok'))).toEqual({ kind: 'download', url: '/exports/audit-2026-03-01.xlsx?token=tok' });
  });
  it('shows the saved path in Electron, or when no token is known', () => {
    expect(exportLocation(file, true, storage('tok'))).toEqual({ kind: 'path', path: file.path });
    expect(exportLocation(file, false, storage(null))).toEqual({ kind: 'path', path: file.path });
  });
  it('summarises rows and size', () => {
    expect(exportSummary(file)).toBe('12 entries, 20 KB');
    expect(exportSummary({ ...file, rows: 1, bytes: 3 * 1024 * 1024 })).toBe('1 entry, 3.0 MB');
  });
});
