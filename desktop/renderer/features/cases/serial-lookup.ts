// Serial field logic: which projector the typed serial refers to, and when to say it is unknown.
import type { ProjectorMatch } from '../../../../shared/console-api.js';

/** Serials are typed with and without dashes, spaces or slashes ("BRX-2201", "brx 2201"). */
export function normalizeSerial(serial: string): string {
  return serial.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
const norm = normalizeSerial;

/** The projector the form is linked to: the one chosen from the list, else an exact serial match. */
export function linkedProjector(serial: string, chosen: ProjectorMatch | null, results: readonly ProjectorMatch[]): ProjectorMatch | null {
  const typed = norm(serial);
  if (!typed) return null;
  // Chosen or typed, the link only holds while the serial still names that projector.
  if (chosen && norm(chosen.serial) === typed) return chosen;
  const exact = results.filter((p) => norm(p.serial) === typed);
  return exact.length === 1 ? (exact[0] ?? null) : null;
}

/**
 * True when the search for exactly what is typed has answered and links no projector, and the
 * user is not still choosing: either nothing matches at all, or they have left the field. Not
 * while the debounced search lags behind the typing, so the warning does not flicker.
 */
export function serialUnknown(
  serial: string,
  search: Readonly<{ searchedFor: string | null; resultCount: number; editing: boolean }>,
  linked: ProjectorMatch | null,
): boolean {
  const typed = serial.trim();
  if (typed === '' || linked !== null || search.searchedFor !== typed) return false;
  return search.resultCount === 0 || !search.editing;
}

export function projectorOptionLabel(p: ProjectorMatch): string {
  return `${p.serial} — ${p.manufacturer} ${p.model}, ${p.siteName} (${p.customerName})`;
}
