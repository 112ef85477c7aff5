// Form models of the settings forms and their conversion to and from the values the shared schemas
// check: business hours as seven rows with an Open switch, holidays and regions as editable rows,
// the logo as checked base64. Pure so every conversion is tested.
import { LOGO_MAX_BYTES, SETTINGS, WEEKDAYS, type SettingKey, type SettingValue } from '../../../../shared/settings.js';
import { validationError } from '../../../../shared/errors.js';
import { PRIORITIES, type Priority } from '../../../../shared/domain.js';

// --- validation against the setting's own schema -------------------------------------------------

export type SettingCheck<K extends SettingKey> = Readonly<{ ok: true; value: SettingValue<K> }> | Readonly<{ ok: false; errors: Readonly<Record<string, string>> }>;

/** Validates with the registry's schema; errors keyed by dotted path ("days.2.end"), "_" for the whole value. */
export function checkSetting<K extends SettingKey>(key: K, candidate: unknown): SettingCheck<K> {
  const parsed = SETTINGS[key].schema.safeParse(candidate);
  if (parsed.success) return { ok: true, value: parsed.data as SettingValue<K> };
  return { ok: false, errors: validationError(parsed.error.issues).details?.fields ?? {} };
}

/** The core reports a refused value under `value.<path>`; the form knows paths inside the value. */
export function settingErrorsFromFields(fields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const inner = key === 'value' ? '_' : key.startsWith('value.') ? key.slice('value.'.length) : key;
    if (!(inner in out)) out[inner] = message;
  }
  return out;
}

// --- business hours --------------------------------------------------------------------------------

export type DayRow = Readonly<{ day: (typeof WEEKDAYS)[number]; open: boolean; start: string; end: string }>;

/** Hours a closed day gets when it is switched open. */
export const DEFAULT_OPEN_HOURS = { start: '09:00', end: '17:00' } as const;

export function hoursToRows(value: SettingValue<'businessHours'>): DayRow[] {
  return WEEKDAYS.map((day, i) => {
    const hours = value.days[i] ?? null;
    return hours ? { day, open: true, start: hours.start, end: hours.end } : { day, open: false, ...DEFAULT_OPEN_HOURS };
  });
}

export function rowsToHours(rows: readonly DayRow[]): unknown {
  return { days: rows.map((r) => (r.open ? { start: r.start, end: r.end } : null)) };
}

// --- holidays and regions (editable rows) -----------------------------------------------------------

export type HolidayRow = Readonly<{ key: string; date: string; name: string }>;
export type RegionRow = Readonly<{ key: string; code: string; name: string }>;

let nextRowKey = 0;
/** React keys for rows the user adds and removes (values may repeat while typing). */
export function rowKey(): string {
  nextRowKey += 1;
  return `row-${nextRowKey}`;
}

export function sortHolidays<T extends Readonly<{ date: string; name: string }>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
}

export function holidaysToRows(value: SettingValue<'holidays'>): HolidayRow[] {
  return sortHolidays(value).map((h) => ({ key: rowKey(), date: h.date, name: h.name }));
}

/** What a list form sends: the value, and for each of its items the row it came from. */
export type RowsCandidate<T> = Readonly<{ value: T[]; rowKeys: string[] }>;

/** Rows left wholly empty are dropped; the rest go out sorted by date, as the SLA clock reads them. */
export function rowsToHolidays(rows: readonly HolidayRow[]): RowsCandidate<{ date: string; name: string }> {
  const kept = sortHolidays(rows.filter((r) => r.date.trim() || r.name.trim()).map((r) => ({ key: r.key, date: r.date.trim(), name: r.name.trim() })));
  return { value: kept.map(({ date, name }) => ({ date, name })), rowKeys: kept.map((r) => r.key) };
}

export function regionsToRows(value: SettingValue<'regions'>): RegionRow[] {
  return value.map((r) => ({ key: rowKey(), code: r.code, name: r.name }));
}

export function rowsToRegions(rows: readonly RegionRow[]): RowsCandidate<{ code: string; name: string }> {
  const kept = rows.filter((r) => r.code.trim() || r.name.trim());
  return { value: kept.map((r) => ({ code: r.code.trim(), name: r.name.trim() })), rowKeys: kept.map((r) => r.key) };
}

/**
 * Errors of a list value ("3.name") moved onto the rows they belong to ("<row key>.name"); an
 * error about the whole list stays under "_".
 */
export function errorsByRow(errors: Readonly<Record<string, string>>, rowKeys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const [head, ...rest] = path.split('.');
    const index = Number(head);
    const key = head !== undefined && /^\d+$/.test(head) && rowKeys[index] ? [rowKeys[index], ...rest].join('.') : '_';
    if (!(key in out)) out[key] = message;
  }
  return out;
}

// --- organisation logo -----------------------------------------------------------------------------

export const LOGO_MIMES = ['image/png', 'image/jpeg'] as const;
export type LogoMime = (typeof LOGO_MIMES)[number];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** What is wrong with a picked file before reading it: type and size. */
export function logoFileProblem(file: Readonly<{ type: string; size: number }>): string | null {
  if (!(LOGO_MIMES as readonly string[]).includes(file.type)) return 'The logo must be a PNG or JPEG image.';
  if (file.size > LOGO_MAX_BYTES) return `The logo may be at most ${LOGO_MAX_BYTES / 1024} KiB; this file is ${Math.ceil(file.size / 1024)} KiB.`;
  if (file.size === 0) return 'This file is empty.';
  return null;
}

/** The type the bytes really are (a renamed file does not pass as an image). */
export function sniffImageMime(bytes: Uint8Array): LogoMime | null {
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export type LogoResult = Readonly<{ ok: true; logo: Readonly<{ mime: LogoMime; base64: string }> }> | Readonly<{ ok: false; message: string }>;

/** A logo from a picked file's bytes: size, real type (matching the declared one) and encoding checked. */
export function logoFromBytes(declaredType: string, bytes: Uint8Array): LogoResult {
  const problem = logoFileProblem({ type: declaredType, size: bytes.length });
  if (problem) return { ok: false, message: problem };
  const mime = sniffImageMime(bytes);
  if (!mime) return { ok: false, message: 'This file is not a PNG or JPEG image.' };
  return { ok: true, logo: { mime, base64: bytesToBase64(bytes) } };
}

/** A data: URL for the preview, only for a logo whose type and base64 pass the checks; else null. */
export function logoDataUrl(logo: unknown): string | null {
  if (typeof logo !== 'object' || logo === null) return null;
  const { mime, base64 } = logo as { mime?: unknown; base64?: unknown };
  if (typeof mime !== 'string' || !(LOGO_MIMES as readonly string[]).includes(mime)) return null;
  if (typeof base64 !== 'string' || !BASE64.test(base64) || base64.length > Math.ceil(LOGO_MAX_BYTES / 3) * 4) return null;
  return `data:${mime};base64,${base64}`;
}

// --- time zones -----------------------------------------------------------------------------------

/** Every IANA zone the runtime knows, with the current one kept even if the runtime lacks it. */
export function timeZoneOptions(current: string, supported: readonly string[]): string[] {
  const zones = new Set(supported);
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort();
}

// --- SLA targets (hours and minutes per priority) ----------------------------------------------------

export type HoursMinutes = Readonly<{ hours: string; minutes: string }>;
export type SlaTargetRow = Readonly<{ priority: Priority; firstResponse: HoursMinutes; resolution: HoursMinutes }>;
export type SlaPoliciesDraft = Readonly<{ rows: readonly SlaTargetRow[]; warnAtPercent: string }>;

export function minutesToHoursMinutes(total: number): HoursMinutes {
  return { hours: String(Math.floor(total / 60)), minutes: String(total % 60) };
}

/** Whole hours and minutes as typed; anything else is NaN so the schema's message shows. */
export function hoursMinutesToMinutes(value: HoursMinutes): number {
  const part = (text: string): number => (text.trim() === '' ? 0 : /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
  return part(value.hours) * 60 + part(value.minutes);
}

export function slaPoliciesToDraft(value: SettingValue<'slaPolicies'>): SlaPoliciesDraft {
  return {
    rows: PRIORITIES.map((priority) => ({
      priority,
      firstResponse: minutesToHoursMinutes(value.targets[priority].firstResponseMinutes),
      resolution: minutesToHoursMinutes(value.targets[priority].resolutionMinutes),
    })),
    warnAtPercent: String(value.warnAtPercent),
  };
}

export function draftToSlaPolicies(draft: SlaPoliciesDraft): unknown {
  const targets: Record<string, unknown> = {};
  for (const row of draft.rows) {
    targets[row.priority] = { firstResponseMinutes: hoursMinutesToMinutes(row.firstResponse), resolutionMinutes: hoursMinutesToMinutes(row.resolution) };
  }
  const warn = draft.warnAtPercent.trim();
  return { targets, warnAtPercent: /^\d+$/.test(warn) ? Number(warn) : Number.NaN };
}

// --- email intake -------------------------------------------------------------------------------------

export type MailIntakeDraft = Readonly<{ acknowledge: boolean; maxAttachmentMb: string; signature: string }>;

export function mailIntakeToDraft(value: SettingValue<'mailIntake'>): MailIntakeDraft {
  return { acknowledge: value.acknowledge, maxAttachmentMb: String(value.maxAttachmentMb), signature: value.signature };
}

export function draftToMailIntake(draft: MailIntakeDraft): unknown {
  const mb = draft.maxAttachmentMb.trim();
  return { acknowledge: draft.acknowledge, maxAttachmentMb: /^\d+$/.test(mb) ? Number(mb) : Number.NaN, signature: draft.signature };
}
