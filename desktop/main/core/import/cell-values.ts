// Turns exceljs cell values into what an Excel user meant: dates as YYYY-MM-DD, serials as the
// digits they typed, lists split, working hours as seven days; problems as messages to act on.
import type { ImportDateFormat } from '../../../../shared/settings.js';

/** A cell that cannot be read as a value (an error cell, a formula never calculated). */
export class CellProblem {
  constructor(
    readonly message: string,
    readonly display: string,
  ) {}
}

/** A cell reduced to one scalar: null for empty. Strings are trimmed and never empty. */
export type Scalar = string | number | boolean | Date | CellProblem | null;

type RichText = { richText: readonly { text?: string | null }[] };

/** Reduces any exceljs cell value (formula, rich text, hyperlink, error, Date, ...) to a Scalar. */
export function scalarOf(value: unknown): Scalar {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string': {
      const text = value.trim();
      return text === '' ? null : text;
    }
    case 'number':
      return Number.isNaN(value) ? new CellProblem('The cell holds an error instead of a value.', '#VALUE!') : value;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? new CellProblem('The cell holds a date Excel cannot show.', '#####') : value;
  const object = value as Record<string, unknown>;
  if ('richText' in object && Array.isArray(object.richText)) return scalarOf((object as RichText).richText.map((run) => run.text ?? '').join(''));
  if ('error' in object) {
    const code = String(object.error);
    return new CellProblem(`The cell shows the error ${code}; fix the cell in Excel.`, code);
  }
  if ('formula' in object || 'sharedFormula' in object) {
    if (!('result' in object) || object.result === undefined) {
      return new CellProblem('The cell holds a formula whose result was never saved; open the file in Excel, save it, and import it again.', `=${String(object.formula ?? object.sharedFormula ?? '')}`);
    }
    const result = object.result;
    if (typeof result === 'number' && Number.isNaN(result)) return new CellProblem('The formula in this cell shows an error; fix it in Excel.', '#VALUE!');
    return scalarOf(result);
  }
  if ('text' in object) return scalarOf(object.text);
  return null;
}

/** A number as Excel shows a whole number: digits, no '.0', no exponent for integers below 1e21. */
export function numberText(n: number): string {
  return String(n);
}

/** 'YYYY-MM-DD' of a date as exceljs gives it (Excel days are UTC midnight). */
export function isoDayOf(date: Date): string {
  // toISOString is several times slower, and this runs for every date cell of a 100,000-row file.
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** How a cell reads as plain text (the preview and the error workbook). */
export function displayOf(scalar: Scalar): string {
  if (scalar === null) return '';
  if (typeof scalar === 'string') return scalar;
  if (typeof scalar === 'number') return numberText(scalar);
  if (typeof scalar === 'boolean') return scalar ? 'TRUE' : 'FALSE';
  if (scalar instanceof Date) return isoDayOf(scalar);
  return scalar.display;
}

export type Converted<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = (message: string): Converted<never> => ({ ok: false, message });

const EXPONENT_TEXT = /^[+-]?\d(?:[.,]\d+)?E[+-]?\d+$/i;
const exponentOf = (n: number) => n.toExponential(2).toUpperCase();
const serialMangled = (shown: string) => `Excel changed this serial to a number (${shown}); format the column as Text and type it again.`;

/** A serial number kept as text: digits of whole numbers, flagged when Excel rounded it into 1.23E+10 style. */
export function serialOf(scalar: Exclude<Scalar, null | CellProblem>): Converted<string> {
  if (typeof scalar === 'number') {
    if (Number.isSafeInteger(scalar)) {
      if (Math.abs(scalar) < 1e15) return ok(numberText(scalar));
      // Excel keeps 15 significant digits: a 16-digit number ending in zeros may be a rounded serial.
      const significant = numberText(Math.abs(scalar)).replace(/0+$/, '').length;
      if (significant > 15) return ok(numberText(scalar));
      return fail(serialMangled(exponentOf(scalar)));
    }
    if (Number.isInteger(scalar)) return fail(serialMangled(exponentOf(scalar)));
    return ok(numberText(scalar));
  }
  if (typeof scalar === 'string') return EXPONENT_TEXT.test(scalar) ? fail(serialMangled(scalar.toUpperCase())) : ok(scalar);
  if (scalar instanceof Date) return ok(isoDayOf(scalar));
  return ok(scalar ? 'TRUE' : 'FALSE');
}

const MONTHS: Readonly<Record<string, number>> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12 };

function day(year: number, month: number, dayOfMonth: number): string | null {
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31 || year < 1000 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}
const fullYear = (y: string) => (y.length === 2 ? (Number(y) < 70 ? 2000 + Number(y) : 1900 + Number(y)) : Number(y));

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/;
const NUMERIC = /^(\d{1,4})[./\- ](\d{1,2})[./\- ](\d{1,4})$/;
const NAMED_DMY = /^(\d{1,2})[\s\-./]+([a-z]{3,9})\.?[\s\-./,]+(\d{2,4})$/i;
const NAMED_MDY = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
const monthOf = (name: string) => MONTHS[name.toLowerCase().slice(0, name.length > 3 && name.toLowerCase().startsWith('sept') ? 4 : 3)];

/** A date typed as text: ISO always, else the configured order (31/01/2026, 01/31/2026, 2026/01/31); month names too. */
export function parseDateText(text: string, format: ImportDateFormat): string | null {
  let m = ISO.exec(text);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC.exec(text);
  if (m) {
    const [a, b, c] = [m[1]!, m[2]!, m[3]!];
    if (a.length === 4) return day(Number(a), Number(b), Number(c));
    if (c.length !== 2 && c.length !== 4) return null;
    return format === 'MDY' ? day(fullYear(c), Number(a), Number(b)) : format === 'DMY' ? day(fullYear(c), Number(b), Number(a)) : null;
  }
  m = NAMED_DMY.exec(text);
  if (m) {
    const month = monthOf(m[2]!);
    return month ? day(fullYear(m[3]!), month, Number(m[1])) : null;
  }
  m = NAMED_MDY.exec(text);
  if (m) {
    const month = monthOf(m[1]!);
    return month ? day(Number(m[3]), month, Number(m[2])) : null;
  }
  return null;
}

const DATE_EXAMPLE: Readonly<Record<ImportDateFormat, string>> = { DMY: '31/01/2026', MDY: '01/31/2026', YMD: '2026/01/31' };

/** Excel's day number to a day (1900 system; exceljs already turns date-formatted cells into Dates). */
function excelSerialDay(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - (date1904 ? 24107 : 25569)) * 86_400_000);
  return isoDayOf(new Date(ms));
}

/** A date column: Excel dates, date-formatted numbers, whole day numbers in a plausible range, and date text. */
export function dateOf(scalar: Exclude<Scalar, null | CellProblem>, label: string, format: ImportDateFormat, numberIsDate: boolean, date1904 = false): Converted<string> {
  if (scalar instanceof Date) return ok(isoDayOf(scalar));
  // A bare number in a date column is an Excel day whose format was lost (18264 = 1950 .. 73051 = 2099).
  if (typeof scalar === 'number' && (numberIsDate || (Number.isInteger(scalar) && scalar >= 18264 && scalar <= 73051))) return ok(excelSerialDay(scalar, date1904));
  const text = typeof scalar === 'string' ? scalar : displayOf(scalar);
  const parsed = typeof scalar === 'string' ? parseDateText(scalar, format) : null;
  if (parsed) return ok(parsed);
  return fail(`${label} must be a date like 2026-01-31 or ${DATE_EXAMPLE[format]} (found '${text}').`);
}

/** A list cell: split on commas, semicolons and line breaks. */
export function listOf(scalar: Exclude<Scalar, null | CellProblem>): string[] {
  return displayOf(scalar)
    .split(/[,;\n\r]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function intOf(scalar: Exclude<Scalar, null | CellProblem>, label: string): Converted<number> {
  if (typeof scalar === 'number' && Number.isInteger(scalar)) return ok(scalar);
  if (typeof scalar === 'string' && /^[+-]?\d+(?:\.0+)?$/.test(scalar)) return ok(Number.parseInt(scalar, 10));
  return fail(`${label} must be a whole number (found '${displayOf(scalar)}').`);
}

const DAY_NAMES: readonly (readonly string[])[] = [
  ['mon', 'monday', 'mo'],
  ['tue', 'tues', 'tuesday', 'tu'],
  ['wed', 'wednesday', 'we'],
  ['thu', 'thur', 'thurs', 'thursday', 'th'],
  ['fri', 'friday', 'fr'],
  ['sat', 'saturday', 'sa'],
  ['sun', 'sunday', 'su'],
];
const dayIndex = (name: string) => DAY_NAMES.findIndex((names) => names.includes(name.toLowerCase().replace(/\.$/, '')));
const time = (h: string, m: string | undefined) => {
  const hours = Number(h);
  const minutes = m === undefined ? 0 : Number(m);
  return hours > 23 || minutes > 59 ? null : `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
};
const HOURS_PART = /^([a-z]+\.?)(?:\s*(?:-|–|to)\s*([a-z]+\.?))?\s*:?\s*(?:(closed|off)|(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|–|to)\s*(\d{1,2})(?:[:.](\d{2}))?)$/i;

export type WorkDay = { start: string; end: string } | null;

/** "Mon-Fri 08:00-17:00, Sat 09:00-13:00" → seven days, Monday first; days not named are off. */
export function hoursOf(scalar: Exclude<Scalar, null | CellProblem>, label: string): Converted<WorkDay[]> {
  const text = displayOf(scalar);
  const days: WorkDay[] = [null, null, null, null, null, null, null];
  const wrong = fail(`${label} must look like "Mon-Fri 08:00-17:00, Sat 09:00-13:00" (found '${text}').`);
  for (const part of text.split(/[,;\n\r]+/)) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const m = HOURS_PART.exec(trimmed);
    if (!m) return wrong;
    const first = dayIndex(m[1]!);
    const last = m[2] === undefined ? first : dayIndex(m[2]);
    if (first < 0 || last < 0) return wrong;
    let hours: WorkDay = null;
    if (m[3] === undefined) {
      const start = time(m[4]!, m[5]);
      const end = time(m[6]!, m[7]);
      if (!start || !end) return wrong;
      if (start >= end) return fail(`${label}: each day must end after it starts (found '${trimmed}').`);
      hours = { start, end };
    }
    // Mon-Fri runs forward; Fri-Mon wraps over the weekend.
    for (let d = first, steps = 0; steps < 7; d = (d + 1) % 7, steps++) {
      days[d] = hours ? { ...hours } : null;
      if (d === last) break;
    }
  }
  if (days.every((d) => d === null)) return fail(`${label} give no working day (found '${text}').`);
  return ok(days);
}

