// The "Assign to" dialog as plain data: every engineer on the board as an option, the recommended
// first (in rank order, with their reasons), then the others with why they were filtered out, narrowed
// by what the manager types. Pure so order, type-ahead and highlight moves are tested once.
import type { BoardColumn } from '../../../../shared/console-api.js';
import type { Recommendation } from '../../../../shared/assignment/types.js';

export type AssignOption = Readonly<{
  engineerId: string;
  name: string;
  /** 1-based rank from the recommender; null when not ranked. */
  rank: number | null;
  /** Filtered out by a hard rule (still assignable: the manager decides). */
  filtered: boolean;
  reasons: readonly string[];
  /** The engineer the case is assigned to now. */
  current: boolean;
  detail: string;
}>;

export function assignOptions(columns: readonly Pick<BoardColumn, 'engineerId' | 'name' | 'regions' | 'load'>[], recommendation: Recommendation | undefined, currentAssigneeId: string | null): AssignOption[] {
  const ranked = new Map((recommendation?.ranked ?? []).map((r) => [r.engineerId, r]));
  const filtered = new Map((recommendation?.filtered ?? []).map((f) => [f.engineerId, f]));
  const options = columns.map((col): AssignOption => {
    const r = ranked.get(col.engineerId);
    const f = filtered.get(col.engineerId);
    return {
      engineerId: col.engineerId,
      name: col.name,
      rank: r ? r.rank : null,
      filtered: !r && Boolean(f),
      reasons: r?.reasons ?? f?.reasons ?? [],
      current: col.engineerId === currentAssigneeId,
      detail: `${col.regions.join(', ') || 'No region'} · today ${col.load.today}/${col.load.capacityToday}`,
    };
  });
  // Ranked (by rank), then the unranked but eligible, then the filtered; by name inside each group.
  const group = (o: AssignOption) => (o.rank !== null ? 0 : o.filtered ? 2 : 1);
  return options.sort((a, b) => group(a) - group(b) || (a.rank ?? 0) - (b.rank ?? 0) || a.name.localeCompare(b.name));
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Options whose name has a word starting with each typed word ("al fi" finds "Alex Field"), order kept. */
export function filterAssignOptions(options: readonly AssignOption[], typed: string): AssignOption[] {
  const words = fold(typed).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  return options.filter((o) => {
    const nameWords = fold(o.name).split(/[\s-]+/);
    return words.every((w) => nameWords.some((n) => n.startsWith(w)) || fold(o.name).includes(w));
  });
}

/** The top recommendation that is not the current assignee (what "r" accepts), or null. */
export function topRecommendation(recommendation: Recommendation | undefined, currentAssigneeId: string | null): Readonly<{ engineerId: string; name: string }> | null {
  const top = (recommendation?.ranked ?? []).slice().sort((a, b) => a.rank - b.rank).find((r) => r.engineerId !== currentAssigneeId);
  return top ? { engineerId: top.engineerId, name: top.name } : null;
}

/** The highlighted option after ArrowUp/ArrowDown/Home/End, wrapping at the ends. */
export function moveHighlight(index: number, count: number, key: string): number {
  if (count === 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return index < 0 ? 0 : (index + 1) % count;
    case 'ArrowUp':
      return index <= 0 ? count - 1 : index - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return Math.min(Math.max(index, 0), count - 1);
  }
}

/** The dialog title: "Assign DTR-2026-000123", or the case title while its number is pending. */
export function assignDialogTitle(number: string | null, title: string): string {
  return `Assign ${number ?? `“${title}” (number pending)`}`;
}
