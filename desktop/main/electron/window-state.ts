// Where a pop-out window was last (size, position, display, maximised), kept in a small JSON file in
// the data folder, so the board comes back on the manager's second monitor. Read defensively (a bad
// or hand-edited file is ignored), written atomically, and only restored onto a display that is
// still connected: a window remembered on an unplugged monitor opens on the primary one instead.
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from '../core/atomic-file.js';

export type Rect = Readonly<{ x: number; y: number; width: number; height: number }>;
export type DisplayLike = Readonly<{ id: number; workArea: Rect }>;

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(100).max(100_000);
const savedWindowSchema = z
  .object({ x: coordinate, y: coordinate, width: length, height: length, displayId: z.number().int().nullable(), maximized: z.boolean() })
  .strict();
export type SavedWindow = z.infer<typeof savedWindowSchema>;

export const WINDOW_STATE_FILE = 'window-state.json';

/** At least this much of a restored window must be on a display, or it could not be grabbed. */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

const area = (r: Rect | null) => (r ? r.width * r.height : 0);

/** The display showing most of the rectangle, or null when it is on none. */
export function displayFor(bounds: Rect, displays: readonly DisplayLike[]): DisplayLike | null {
  let best: DisplayLike | null = null;
  for (const d of displays) if (area(overlap(bounds, d.workArea)) > area(best ? overlap(bounds, best.workArea) : null)) best = d;
  return best;
}

/** Every remembered window, by kind; an unreadable file or entry counts as nothing remembered. */
export function readWindowStates(file: string): Record<string, SavedWindow> {
  let stored: unknown;
  try {
    stored = readJsonFile(file);
  } catch {
    return {};
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
  const out: Record<string, SavedWindow> = {};
  for (const [kind, value] of Object.entries(stored)) {
    const parsed = savedWindowSchema.safeParse(value);
    if (parsed.success) out[kind] = parsed.data;
  }
  return out;
}

/**
 * The bounds to open a window with: the remembered ones when enough of them is on a connected
 * display (the same display if it is still there), clamped to fit its work area; else null.
 */
export function restorableBounds(saved: SavedWindow | undefined, displays: readonly DisplayLike[]): (Rect & { maximized: boolean }) | null {
  if (!saved) return null;
  const remembered = saved.displayId === null ? undefined : displays.find((d) => d.id === saved.displayId);
  const target = remembered && overlap(saved, remembered.workArea) ? remembered : displayFor(saved, displays);
  if (!target) return null;
  const visible = overlap(saved, target.workArea);
  if (!visible || visible.width < MIN_VISIBLE.width || visible.height < MIN_VISIBLE.height) return null;
  const wa = target.workArea;
  const width = Math.min(saved.width, wa.width);
  const height = Math.min(saved.height, wa.height);
  const x = Math.min(Math.max(saved.x, wa.x), wa.x + wa.width - width);
  const y = Math.min(Math.max(saved.y, wa.y), wa.y + wa.height - height);
  return { x, y, width, height, maximized: saved.maximized };
}

/** Remembers one window kind, keeping the others' entries (atomic: a crash leaves old or new). */
export function saveWindowState(file: string, kind: string, bounds: Rect, maximized: boolean, displays: readonly DisplayLike[]): void {
  const entry: SavedWindow = {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.max(100, Math.round(bounds.width)),
    height: Math.max(100, Math.round(bounds.height)),
    displayId: displayFor(bounds, displays)?.id ?? null,
    maximized,
  };
  const parsed = savedWindowSchema.safeParse(entry);
  if (!parsed.success) return; // off any sane range: better forgotten than restored wrongly
  writeJsonAtomic(file, { ...readWindowStates(file), [kind]: parsed.data }, 0o600);
}
