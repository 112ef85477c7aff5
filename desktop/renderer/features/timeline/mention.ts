// @mentions in notes: a person's handle ("@Sam.Field": the name with dots for spaces, so it is one
// token mentionQuery in shared/ can read), the people a half-typed "@sa" may mean, putting the
// chosen handle into the text, and which people the finished note mentions.
import { mentionQuery } from '../../../../shared/case-events.js';

export type Mentionable = Readonly<{ id: string; name: string; active: boolean }>;

/** One token: letters, digits, dots, underscores and dashes only. */
export function mentionHandle(name: string): string {
  return name
    .trim()
    .replace(/\s+/gu, '.')
    .replace(/[^\p{L}\p{N}._-]/gu, '')
    .slice(0, 40);
}

export const MENTION_SUGGESTIONS = 6;

/** Active people whose handle or any part of whose name starts with the query. */
export function mentionCandidates<U extends Mentionable>(users: readonly U[], query: string, selfId: string | null): U[] {
  const q = query.toLowerCase();
  return users
    .filter((u) => u.active && u.id !== selfId && mentionHandle(u.name) !== '')
    .filter((u) => {
      if (!q) return true;
      const handle = mentionHandle(u.name).toLowerCase();
      return handle.startsWith(q) || u.name.toLowerCase().split(/\s+/u).some((part) => part.startsWith(q));
    })
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MENTION_SUGGESTIONS);
}

/** Replaces the "@que" being typed before the caret with "@Handle " and puts the caret after it. */
export function insertMention(text: string, caret: number, name: string): Readonly<{ text: string; caret: number }> {
  const query = mentionQuery(text, caret);
  if (query === null) return { text, caret };
  const start = caret - query.length - 1; // the "@"
  const token = `@${mentionHandle(name)} `;
  const after = text.slice(caret).replace(/^\s+/u, '');
  return { text: `${text.slice(0, start)}${token}${after}`, caret: start + token.length };
}

const TOKEN_CHAR = /[\p{L}\p{N}._-]/u;

/** The ids of the people whose "@Handle" stands in the text as a whole token (deleted ones drop out). */
export function mentionedIds(text: string, users: readonly Mentionable[]): string[] {
  const ids: string[] = [];
  for (const user of users) {
    const handle = mentionHandle(user.name);
    if (!handle) continue;
    const needle = `@${handle}`.toLowerCase();
    const lower = text.toLowerCase();
    let from = 0;
    for (;;) {
      const at = lower.indexOf(needle, from);
      if (at < 0) break;
      const before = at === 0 ? '' : (lower[at - 1] ?? '');
      const next = lower[at + needle.length] ?? '';
      // A trailing dot ends a sentence ("thanks @Sam.") rather than continuing the handle.
      const nextIsToken = next !== '' && TOKEN_CHAR.test(next) && !(next === '.' && !TOKEN_CHAR.test(lower[at + needle.length + 1] ?? ''));
      if ((before === '' || /\s/u.test(before)) && !nextIsToken) {
        ids.push(user.id);
        break;
      }
      from = at + 1;
    }
  }
  return ids.slice(0, 50);
}
