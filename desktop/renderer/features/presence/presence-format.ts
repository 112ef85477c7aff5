// How presence reads in the case panel: who else is editing this case. Pure so wording is tested once.
import type { PresenceEntry } from '../../../../shared/sync/protocol.js';

/** Names of others editing a case now (without this user). */
export function othersEditing(others: readonly PresenceEntry[] | undefined, caseId: string, myUserId: string | null): string[] {
  const names = new Set<string>();
  for (const o of others ?? []) if (o.editingCaseId === caseId && o.userId !== myUserId) names.add(o.name);
  return [...names];
}

export function editingThisCaseText(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${who} ${names.length === 1 ? 'is' : 'are'} editing this case`;
}
