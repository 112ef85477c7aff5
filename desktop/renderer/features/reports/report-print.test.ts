import { describe, it, expect } from 'vitest';
import { fileUrl, openAndPrint, printUrl } from './report-print.js';

describe('printing a report PDF', () => {
  const file = { fileName: 'SR-2026-000001.pdf', path: '/home/a/exports/SR-2026-000001.pdf', rows: 1, bytes: 10 };
  it('uses the saved path as a file URL in Electron', () => {
    expect(printUrl(file, true, { getItem: () => 'tok' })).toBe('file:///home/a/exports/SR-2026-000001.pdf');
    expect(fileUrl('C:\\Users\\a b\\x#1.pdf')).toBe('file:///C:/Users/a%20b/x%231.pdf');
  });
  it('uses the shell download URL in the browser shell', () => {
    const url = printUrl(file, false, { getItem: () => 'tok' });
    expect(url).toContain('SR-2026-000001.pdf');
    expect(url).toContain('tok');
  });
  it('prints once the opened window has loaded, and says when a pop-up was blocked', () => {
    const listeners: Record<string, () => void> = {};
    let printed = 0;
    const win = { addEventListener: (name: string, fn: () => void) => (listeners[name] = fn), focus: () => undefined, print: () => (printed += 1) } as unknown as Window;
    expect(openAndPrint('u', () => win)).toBe(true);
    expect(printed).toBe(0);
    listeners.load?.();
    expect(printed).toBe(1);
    expect(openAndPrint('u', () => null)).toBe(false);
  });
});
