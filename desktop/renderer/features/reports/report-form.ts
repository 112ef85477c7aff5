// The service report form as plain data: what the engineer edits (text inputs keep what was typed),
// turned into the report's fields for reports.save and back, the problems that block submission
// next to each field, the autosave indicator, and the small maths of photo chunks and signatures.
import type { ImportProgress, ServiceReportView } from '../../../../shared/console-api.js';
import { reportFieldsSchema, submitProblems, type ReportFields, type ReportPart, type Signature } from '../../../../shared/service.js';

export type PartLine = Readonly<{
  /** Stable React key for the row (not saved). */
  key: string;
  partId: string | null;
  partNumber: string;
  description: string;
  quantity: number;
  fittedSerial: string;
  removedSerial: string;
}>;

export type ReportForm = Readonly<{
  /** `datetime-local` values in this computer's time zone ("2026-03-03T09:30"), '' when not set. */
  checkIn: string;
  checkOut: string;
  diagnosis: string;
  workPerformed: string;
  testsPerformed: string;
  rootCause: string;
  resolution: string;
  parts: readonly PartLine[];
  /** Minutes as typed ("90" or "1:30"), '' when not set. */
  timeSpent: string;
  nextSteps: string;
  followUpNeeded: boolean;
  customerFeedback: string;
  satisfaction: number | null;
  /** The drawn signature (PNG data URL) and when it was drawn; kept even before a name is typed. */
  signaturePng: string | null;
  signedAt: string | null;
  signerName: string;
  noSignatureReason: string;
}>;

export const EMPTY_FORM: ReportForm = {
  checkIn: '',
  checkOut: '',
  diagnosis: '',
  workPerformed: '',
  testsPerformed: '',
  rootCause: '',
  resolution: '',
  parts: [],
  timeSpent: '',
  nextSteps: '',
  followUpNeeded: false,
  customerFeedback: '',
  satisfaction: null,
  signaturePng: null,
  signedAt: null,
  signerName: '',
  noSignatureReason: '',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` value in this computer's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value back to an ISO instant; null when empty or not a time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "90", "1:30", "1h 30", "1.5h" → minutes; null for empty or unreadable text. */
export function parseMinutes(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  let m = /^(\d{1,4})$/.exec(t);
  if (m) return Number(m[1]);
  m = /^(\d{1,3}):([0-5]\d)$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(\d{1,3})\s*h(?:ours?)?\s*(?:(\d{1,2})\s*m?(?:in(?:utes?)?)?)?$/.exec(t);
  if (m) return Number(m[1]) * 60 + (m[2] ? Number(m[2]) : 0);
  m = /^(\d{1,3}(?:\.\d+)?)\s*h$/.exec(t);
  if (m) return Math.round(Number(m[1]) * 60);
  return null;
}

/** Minutes between check-in and check-out, as a suggestion for "time spent"; null when unknown. */
export function minutesBetween(checkIn: string, checkOut: string): number | null {
  const a = fromLocalInput(checkIn);
  const b = fromLocalInput(checkOut);
  if (!a || !b) return null;
  const diff = Math.round((Date.parse(b) - Date.parse(a)) / 60_000);
  return diff >= 0 ? diff : null;
}

let lineCounter = 0;
export function newPartLine(from: Partial<Omit<PartLine, 'key'>> = {}): PartLine {
  lineCounter += 1;
  return { key: `part-${lineCounter}`, partId: null, partNumber: '', description: '', quantity: 1, fittedSerial: '', removedSerial: '', ...from };
}

export function formFromFields(fields: ReportFields): ReportForm {
  return {
    checkIn: toLocalInput(fields.checkInAt),
    checkOut: toLocalInput(fields.checkOutAt),
    diagnosis: fields.diagnosis,
    workPerformed: fields.workPerformed,
    testsPerformed: fields.testsPerformed,
    rootCause: fields.rootCause,
    resolution: fields.resolution,
    parts: fields.parts.map((p) => newPartLine(p)),
    timeSpent: fields.timeSpentMinutes === null ? '' : String(fields.timeSpentMinutes),
    nextSteps: fields.nextSteps,
    followUpNeeded: fields.followUpNeeded,
    customerFeedback: fields.customerFeedback,
    satisfaction: fields.satisfaction,
    signaturePng: fields.signature?.imagePng ?? null,
    signedAt: fields.signature?.signedAt ?? null,
    signerName: fields.signature?.signerName ?? '',
    noSignatureReason: fields.noSignatureReason,
  };
}

export function formFromReport(report: ServiceReportView): ReportForm {
  return formFromFields(report);
}

/**
 * The report's fields for reports.save. A draft may be incomplete, so whatever cannot be stored yet
 * is left out rather than refused: a part row without a number, a signature before the signer's
 * name (the form keeps both and names them as problems).
 */
export function fieldsFromForm(form: ReportForm): ReportFields {
  const parts: ReportPart[] = form.parts
    .filter((p) => p.partNumber.trim() !== '')
    .map((p) => ({
      partId: p.partId,
      partNumber: p.partNumber.trim(),
      description: p.description.trim(),
      quantity: Math.min(999, Math.max(1, Math.round(p.quantity) || 1)),
      fittedSerial: p.fittedSerial.trim(),
      removedSerial: p.removedSerial.trim(),
    }));
  const signature: Signature | null =
    form.signaturePng && form.signerName.trim() !== '' ? { imagePng: form.signaturePng, signerName: form.signerName.trim(), signedAt: form.signedAt ?? new Date().toISOString() } : null;
  return {
    checkInAt: fromLocalInput(form.checkIn),
    checkOutAt: fromLocalInput(form.checkOut),
    diagnosis: form.diagnosis.trim(),
    workPerformed: form.workPerformed.trim(),
    testsPerformed: form.testsPerformed.trim(),
    rootCause: form.rootCause.trim(),
    resolution: form.resolution.trim(),
    parts,
    timeSpentMinutes: parseMinutes(form.timeSpent),
    nextSteps: form.nextSteps.trim(),
    followUpNeeded: form.followUpNeeded,
    customerFeedback: form.customerFeedback.trim(),
    satisfaction: form.satisfaction,
    signature,
    noSignatureReason: signature ? '' : form.noSignatureReason.trim(),
  };
}

export type FormProblems = Readonly<Record<string, string>>;

/** Problems of what was typed that the saved fields cannot show (kept out of a draft by fieldsFromForm). */
export function entryProblems(form: ReportForm): FormProblems {
  const out: Record<string, string> = {};
  if (form.checkIn !== '' && fromLocalInput(form.checkIn) === null) out.checkInAt = 'Use a date and time.';
  if (form.checkOut !== '' && fromLocalInput(form.checkOut) === null) out.checkOutAt = 'Use a date and time.';
  if (form.timeSpent.trim() !== '') {
    const minutes = parseMinutes(form.timeSpent);
    if (minutes === null) out.timeSpentMinutes = 'Enter minutes (90) or hours and minutes (1:30).';
    else if (minutes > 7 * 24 * 60) out.timeSpentMinutes = 'At most 7 days.';
  }
  form.parts.forEach((p, i) => {
    const touched = p.description.trim() !== '' || p.fittedSerial.trim() !== '' || p.removedSerial.trim() !== '';
    if (p.partNumber.trim() === '' && touched) out[`parts.${i}.partNumber`] = 'Enter the part number.';
    if (!Number.isInteger(p.quantity) || p.quantity < 1 || p.quantity > 999) out[`parts.${i}.quantity`] = 'From 1 to 999.';
  });
  if (form.signaturePng && form.signerName.trim() === '') out.signerName = 'Enter the name of the person who signed.';
  return out;
}

/**
 * Everything that blocks submission, keyed by the form field it belongs to (first message wins).
 * Photos still waiting for the network do not: the console sends the submission after them, so an
 * engineer can submit on site, offline.
 */
export function formSubmitProblems(form: ReportForm): FormProblems {
  const out: Record<string, string> = { ...entryProblems(form) };
  const fields = fieldsFromForm(form);
  const parsed = reportFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      if (!(key in out)) out[key] = issue.message;
    }
  }
  for (const p of submitProblems(fields)) {
    // A drawn signature without a name is a signer-name problem, not a missing signature.
    if (p.field === 'signature' && out.signerName) continue;
    if (!(p.field in out)) out[p.field] = p.message;
  }
  return out;
}

/** Form problems in the order the form shows them, for the summary above Submit. */
export const FIELD_ORDER = [
  'checkInAt',
  'checkOutAt',
  'diagnosis',
  'workPerformed',
  'testsPerformed',
  'rootCause',
  'resolution',
  'parts',
  'timeSpentMinutes',
  'nextSteps',
  'customerFeedback',
  'satisfaction',
  'signature',
  'signerName',
  'noSignatureReason',
  'photos',
] as const;

export function orderedProblems(problems: FormProblems): string[] {
  const rank = (key: string) => {
    const base = key.split('.')[0] ?? key;
    const i = (FIELD_ORDER as readonly string[]).indexOf(base);
    return i === -1 ? FIELD_ORDER.length : i;
  };
  return Object.keys(problems)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((k) => problems[k] ?? '');
}

/** Whether two forms save the same fields (the autosave sends only real changes). */
export function sameFields(a: ReportForm, b: ReportForm): boolean {
  return JSON.stringify(fieldsFromForm(a)) === JSON.stringify(fieldsFromForm(b));
}

// ---- Autosave indicator ----

export type SaveState = Readonly<{ dirty: boolean; saving: boolean; error: string | null; saved: boolean; pending: boolean; online: boolean }>;

/** "Saving…", "Saved locally" (waiting to sync), "Synced", or what went wrong. */
export function saveStateText(s: SaveState): Readonly<{ text: string; color: string }> {
  if (s.error) return { text: `Not saved: ${s.error}`, color: 'red' };
  if (s.saving) return { text: 'Saving…', color: 'gray' };
  if (s.dirty) return { text: 'Unsaved changes', color: 'gray' };
  if (!s.saved) return { text: 'Not saved yet', color: 'gray' };
  if (s.pending) return { text: s.online ? 'Saved locally, syncing…' : 'Saved locally (offline): syncs when the network is back', color: 'orange' };
  return { text: 'Synced', color: 'green' };
}

// ---- Photo upload: chunks and progress ----

/**
 * Splits base64 text into chunks of at most `max` characters, each a whole number of 4-character
 * groups so every chunk also decodes on its own.
 */
export function chunkBase64(base64: string, max: number): string[] {
  const size = Math.floor(max / 4) * 4;
  if (size <= 0) throw new RangeError('Chunk size too small.');
  if (base64.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < base64.length; i += size) out.push(base64.slice(i, i + size));
  return out;
}

/** The base64 part of a data URL ("data:image/jpeg;base64,AAAA" → "AAAA"). */
export function base64OfDataUrl(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  return comma === -1 ? dataUrl : dataUrl.slice(comma + 1);
}

export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** "Sending photo.jpg: 3 of 5 parts (60%)". */
export function chunkProgressText(fileName: string, sent: number, total: number): string {
  return `Sending ${fileName} to the console: ${sent} of ${total} ${total === 1 ? 'part' : 'parts'} (${percent(sent, total)}%)`;
}

/** The many-PDFs export: "Exporting PDFs: 120 of 1,000 (12%), about 40 seconds left". */
export function exportProgressText(p: Pick<ImportProgress, 'done' | 'total' | 'etaSeconds'> | null): string {
  if (!p) return 'Starting the export…';
  const n = (v: number) => v.toLocaleString('en-GB');
  const eta = p.etaSeconds === null ? '' : p.etaSeconds < 60 ? `, about ${Math.max(1, Math.round(p.etaSeconds))} seconds left` : `, about ${Math.ceil(p.etaSeconds / 60)} minutes left`;
  if (p.total === null) return `Exporting PDFs: ${n(p.done)} done${eta}`;
  return `Exporting PDFs: ${n(p.done)} of ${n(p.total)} (${percent(p.done, p.total)}%)${eta}`;
}

// ---- Signature strokes ----

export type Point = Readonly<{ x: number; y: number }>;

/** A pointer position in canvas pixels (the canvas may be drawn smaller or larger than its pixels). */
export function canvasPoint(clientX: number, clientY: number, rect: Readonly<{ left: number; top: number; width: number; height: number }>, canvasWidth: number, canvasHeight: number): Point {
  const sx = rect.width > 0 ? canvasWidth / rect.width : 1;
  const sy = rect.height > 0 ? canvasHeight / rect.height : 1;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { x: round((clientX - rect.left) * sx), y: round((clientY - rect.top) * sy) };
}

/**
 * A smooth SVG/Path2D path through a stroke's points: quadratic curves through the midpoints, so a
 * fast signature is not a polygon. A single point becomes a dot (a tiny line the pen caps round).
 */
export function strokePath(points: readonly Point[]): string {
  const f = (v: number) => String(Math.round(v * 10) / 10);
  const first = points[0];
  if (!first) return '';
  if (points.length === 1) return `M ${f(first.x)} ${f(first.y)} L ${f(first.x + 0.1)} ${f(first.y)}`;
  if (points.length === 2) {
    const second = points[1] as Point;
    return `M ${f(first.x)} ${f(first.y)} L ${f(second.x)} ${f(second.y)}`;
  }
  let d = `M ${f(first.x)} ${f(first.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i] as Point;
    const next = points[i + 1] as Point;
    d += ` Q ${f(p.x)} ${f(p.y)} ${f((p.x + next.x) / 2)} ${f((p.y + next.y) / 2)}`;
  }
  const last = points[points.length - 1] as Point;
  d += ` L ${f(last.x)} ${f(last.y)}`;
  return d;
}

/** Whether strokes are enough to count as a signature (not a stray tap). */
export function isSignature(strokes: readonly (readonly Point[])[]): boolean {
  let length = 0;
  for (const s of strokes) for (let i = 1; i < s.length; i++) length += Math.hypot((s[i] as Point).x - (s[i - 1] as Point).x, (s[i] as Point).y - (s[i - 1] as Point).y);
  return length >= 30;
}
