// Remembered window bounds: validated on read, restored only onto a connected display (clamped to
// fit it), written atomically without losing other windows' entries.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { displayFor, readWindowStates, restorableBounds, saveWindowState, type DisplayLike } from './window-state.js';

const LAPTOP: DisplayLike = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const MONITOR: DisplayLike = { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
  dirs.push(dir);
  return path.join(dir, 'window-state.json');
};

describe('window state', () => {
  it('finds the display showing most of a window', () => {
    expect(displayFor({ x: 1800, y: 0, width: 1000, height: 800 }, [LAPTOP, MONITOR])?.id).toBe(2);
    expect(displayFor({ x: 1000, y: 0, width: 1000, height: 800 }, [LAPTOP, MONITOR])?.id).toBe(1);
    expect(displayFor({ x: 9000, y: 9000, width: 100, height: 100 }, [LAPTOP, MONITOR])).toBeNull();
  });

  it('restores on the remembered display, clamped into its work area; not when it is gone or barely visible', () => {
    const saved = { x: 2000, y: 50, width: 1600, height: 900, displayId: 2, maximized: true };
    expect(restorableBounds(saved, [LAPTOP, MONITOR])).toEqual({ x: 2000, y: 50, width: 1600, height: 900, maximized: true });
    expect(restorableBounds(saved, [LAPTOP])).toBeNull();
    // The monitor got smaller: the window is shrunk and moved to fit.
    const small: DisplayLike = { id: 2, workArea: { x: 1920, y: 0, width: 1280, height: 700 } };
    expect(restorableBounds(saved, [LAPTOP, small])).toEqual({ x: 1920, y: 0, width: 1280, height: 700, maximized: true });
    expect(restorableBounds({ ...saved, x: 1900, y: 1000, width: 600, height: 600, displayId: 1 }, [LAPTOP])).toBeNull();
    expect(restorableBounds(undefined, [LAPTOP])).toBeNull();
  });

  it('writes one kind without dropping the others, and reads only valid entries', () => {
    const file = tempFile();
    saveWindowState(file, 'board', { x: 2000, y: 40, width: 1600.4, height: 900 }, false, [LAPTOP, MONITOR]);
    saveWindowState(file, 'case', { x: 10, y: 10, width: 800, height: 600 }, true, [LAPTOP, MONITOR]);
    expect(readWindowStates(file)).toEqual({
      board: { x: 2000, y: 40, width: 1600, height: 900, displayId: 2, maximized: false },
      case: { x: 10, y: 10, width: 800, height: 600, displayId: 1, maximized: true },
    });
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    fs.writeFileSync(file, JSON.stringify({ board: { x: 1, y: 1, width: 800, height: 600, displayId: null, maximized: false }, bad: { x: 'no' }, extra: { x: 1, y: 1, width: 800, height: 600, displayId: 1, maximized: false, evil: true } }));
    expect(Object.keys(readWindowStates(file))).toEqual(['board']);
    fs.writeFileSync(file, 'not json');
    expect(readWindowStates(file)).toEqual({});
    fs.writeFileSync(file, '[1,2]');
    expect(readWindowStates(file)).toEqual({});
    expect(readWindowStates(path.join(path.dirname(file), 'missing.json'))).toEqual({});
  });
});
