// Renders a service report to PDF with pdfkit in the core (no browser, works offline): letterhead,
// the case and equipment, the visit, the engineer's findings, parts, photos in a grid, the
// signature, and on every page a footer with page X of Y, the report number and a content hash.
import PDFDocument from 'pdfkit';
import type { PhotoTag } from '../../../../shared/service.js';
import { baseFaceCovers, countDocument, useFace, type FaceName } from './fonts.js';
import { hasRtl, TextLayout } from './text-layout.js';
import { reportContentHash, shortHash, type ReportPdfData, type ReportPdfPhoto } from './report-pdf-data.js';

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 42, left: 42, right: 42, bottom: 58 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const INK = '#1a1a1a';
const MUTED = '#5c5c5c';
const RULE = '#c8c8c8';

const TAG_LABELS: Readonly<Record<PhotoTag, string>> = { before: 'Before', during: 'During', after: 'After', parts: 'Parts' };

export type RenderedReport = Readonly<{ pdf: Buffer; contentHash: string; pages: number }>;

/** The report's display name: its number once submitted, else a draft label. */
export function reportLabel(data: ReportPdfData): string {
  return data.report.number ? `${data.report.number} rev. ${data.report.revision}` : `Draft for ${data.case.number}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}) });
    } catch {
      // An unknown zone in the settings must not stop a report from printing.
      f = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}) });
    }
    formatters.set(key, f);
  }
  return f;
}

/** An ISO timestamp as the organisation reads it; text that is not a date prints as it is. */
export function formatDateTime(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter(timeZone, true).format(d);
}

/** A calendar day ("2026-03-05") as "5 Mar 2026", without moving it across a zone. */
export function formatDay(day: string | null): string {
  if (!day) return '—';
  const d = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : formatter('UTC', false).format(d);
}

export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Decodes a PNG or JPEG data URL; anything else (or broken base64) is no image. */
export function imageFromDataUrl(dataUrl: string | null): Buffer | null {
  if (!dataUrl) return null;
  const m = /^data:image\/(png|jpeg|jpg);base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  if (!m) return null;
  const bytes = Buffer.from(m[2]!, 'base64');
  return isPng(bytes) || isJpeg(bytes) ? bytes : null;
}

function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}
function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

type TextOpts = PDFKit.Mixins.TextOptions & { bold?: boolean; size?: number; color?: string; x?: number; y?: number };

/** Needs more than one pdfkit call: characters DejaVu lacks, or right-to-left letters to reorder. */
function needsLayout(value: string, bold: boolean): boolean {
  return hasRtl(value) || !baseFaceCovers(value, bold);
}

class ReportWriter {
  private readonly layout: TextLayout;
  constructor(
    private readonly doc: Doc,
    registered: Set<FaceName>,
  ) {
    this.layout = new TextLayout(doc, registered);
  }

  private get bottom(): number {
    return PAGE.height - MARGIN.bottom;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /**
   * Writes text in the regular or bold face. Text DejaVu draws alone, left to right, is one pdfkit
   * call; anything else (CJK, Korean, Hebrew, Arabic, a system fallback) is laid out by TextLayout:
   * split into runs per face, wrapped, reordered per line and drawn run by run.
   */
  text(value: string, options: TextOpts = {}): void {
    const { bold = false, size = 9.5, color = INK, x, y, ...rest } = options;
    const doc = this.doc;
    doc.fontSize(size).fillColor(color);
    if (!needsLayout(value, bold)) {
      doc.font(bold ? 'bold' : 'regular');
      if (x !== undefined) doc.text(value, x, y ?? doc.y, rest);
      else doc.text(value, rest);
      return;
    }
    const left = x ?? doc.x;
    if (y !== undefined) doc.y = y;
    const width = rest.width ?? doc.page.width - doc.page.margins.right - left;
    const style = { bold, size };
    const lineGap = rest.lineGap ?? 0;
    const lines = this.layout.lines(value, style, rest.lineBreak === false ? null : width);
    // Like pdfkit's `height` + `ellipsis`: as many lines as fit, the cut marked.
    const maxLines = rest.height !== undefined && rest.ellipsis ? Math.max(1, Math.floor((rest.height + lineGap) / ((lines[0]?.height ?? size) + lineGap))) : undefined;
    this.layout.draw(lines, { x: left, width, align: rest.align, lineGap, style, allowPageBreak: rest.lineBreak !== false, maxLines });
  }

  /** Height `value` takes in a column `width` wide, measured the way text() will draw it. */
  heightOf(value: string, o: { width: number; size: number; bold?: boolean; lineGap?: number }): number {
    const bold = o.bold ?? false;
    if (!needsLayout(value, bold)) return this.doc.font(bold ? 'bold' : 'regular').fontSize(o.size).heightOfString(value, { width: o.width, lineGap: o.lineGap });
    return TextLayout.height(this.layout.lines(value, { bold, size: o.size }, o.width), o.lineGap ?? 0);
  }

  heading(title: string): void {
    this.ensure(40);
    this.doc.moveDown(0.6);
    this.text(title, { bold: true, size: 11.5, x: MARGIN.left, width: CONTENT_WIDTH });
    const y = this.doc.y + 1;
    this.doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + CONTENT_WIDTH, y).lineWidth(0.5).strokeColor(RULE).stroke();
    this.doc.y = y + 4;
  }

  /** A titled paragraph; an empty field prints a dash, so a reader sees it was left empty. */
  section(title: string, body: string): void {
    this.heading(title);
    this.text(body.trim() === '' ? '—' : body, { x: MARGIN.left, width: CONTENT_WIDTH, lineGap: 1.5 });
  }

  /** Label/value rows in two columns. */
  fields(rows: readonly (readonly [string, string])[]): void {
    const doc = this.doc;
    const colWidth = (CONTENT_WIDTH - 16) / 2;
    const labelWidth = 92;
    for (let i = 0; i < rows.length; i += 2) {
      const pair = rows.slice(i, i + 2);
      const heights = pair.map(([, value]) => this.heightOf(value || '—', { width: colWidth - labelWidth, size: 9.5 }));
      const h = Math.max(...heights, 12) + 3;
      this.ensure(h);
      const y = doc.y;
      pair.forEach(([label, value], col) => {
        const x = MARGIN.left + col * (colWidth + 16);
        this.text(label, { x, y, width: labelWidth - 4, color: MUTED, size: 8.5 });
        this.text(value || '—', { x: x + labelWidth, y, width: colWidth - labelWidth });
      });
      doc.y = y + h;
    }
    doc.x = MARGIN.left;
  }

  table(columns: readonly { header: string; width: number }[], rows: readonly (readonly string[])[]): void {
    const doc = this.doc;
    const pad = 3;
    const drawHeader = () => {
      const y = doc.y;
      doc.rect(MARGIN.left, y, CONTENT_WIDTH, 16).fillColor('#efefef').fill();
      let x = MARGIN.left;
      for (const c of columns) {
        this.text(c.header, { x: x + pad, y: y + 4, width: c.width - 2 * pad, bold: true, size: 8.5, lineBreak: false });
        x += c.width;
      }
      doc.y = y + 18;
    };
    this.ensure(40);
    drawHeader();
    for (const row of rows) {
      const h = Math.max(...row.map((cell, i) => this.heightOf(cell || '—', { width: columns[i]!.width - 2 * pad, size: 9 })), 11) + 2 * pad;
      if (doc.y + h > this.bottom) {
        doc.addPage();
        drawHeader();
      }
      const y = doc.y;
      let x = MARGIN.left;
      row.forEach((cell, i) => {
        this.text(cell || '—', { x: x + pad, y: y + pad, width: columns[i]!.width - 2 * pad, size: 9 });
        x += columns[i]!.width;
      });
      doc.moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + CONTENT_WIDTH, y + h).lineWidth(0.3).strokeColor(RULE).stroke();
      doc.y = y + h;
    }
    doc.x = MARGIN.left;
  }

  photos(photos: readonly ReportPdfPhoto[]): void {
    const doc = this.doc;
    const cols = 3;
    const gap = 10;
    const cellW = (CONTENT_WIDTH - gap * (cols - 1)) / cols;
    const imgH = cellW * 0.75;
    const cellH = imgH + 34;
    for (let i = 0; i < photos.length; i += cols) {
      this.ensure(cellH);
      const y = doc.y;
      photos.slice(i, i + cols).forEach((photo, col) => {
        const x = MARGIN.left + col * (cellW + gap);
        const bytes = photo.jpeg && isJpeg(photo.jpeg) ? Buffer.from(photo.jpeg.buffer, photo.jpeg.byteOffset, photo.jpeg.byteLength) : null;
        if (bytes) {
          try {
            doc.image(bytes, x, y, { fit: [cellW, imgH], align: 'center', valign: 'center' });
          } catch {
            this.missingPhoto(x, y, cellW, imgH, 'Photo could not be read');
          }
        } else {
          this.missingPhoto(x, y, cellW, imgH, 'Photo not on this console yet');
        }
        this.text(TAG_LABELS[photo.tag], { x, y: y + imgH + 3, width: cellW, bold: true, size: 8 });
        this.text(photo.caption || ' ', { x, y: y + imgH + 13, width: cellW, size: 8, color: MUTED, height: 20, ellipsis: true });
      });
      doc.y = y + cellH;
    }
    doc.x = MARGIN.left;
  }

  private missingPhoto(x: number, y: number, w: number, h: number, why: string): void {
    this.doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(RULE).stroke();
    this.text(why, { x: x + 6, y: y + h / 2 - 5, width: w - 12, align: 'center', color: MUTED, size: 8 });
  }
}

function letterhead(w: ReportWriter, doc: Doc, data: ReportPdfData): void {
  const lh = data.letterhead;
  const top = MARGIN.top;
  const logo = imageFromDataUrl(lh.logoDataUrl);
  let textX = MARGIN.left;
  if (logo) {
    try {
      doc.image(logo, MARGIN.left, top, { fit: [110, 48], valign: 'center' });
      textX = MARGIN.left + 122;
    } catch {
      // A logo pdfkit cannot read prints no logo rather than no report.
    }
  }
  const width = MARGIN.left + CONTENT_WIDTH - textX;
  w.text(lh.organisationName, { x: textX, y: top, width, bold: true, size: 15, align: 'right' });
  const contact = [lh.address.replace(/\s*\n\s*/g, ', '), [lh.phone, lh.email].filter(Boolean).join('  ·  ')].filter(Boolean).join('\n');
  if (contact) w.text(contact, { x: textX, width, size: 8.5, color: MUTED, align: 'right' });
  doc.y = Math.max(doc.y, top + 50) + 6;
  doc.moveTo(MARGIN.left, doc.y).lineTo(MARGIN.left + CONTENT_WIDTH, doc.y).lineWidth(1).strokeColor(INK).stroke();
  doc.y += 10;
}

function coverageText(inCover: boolean, end: string | null, what: string): string {
  if (!end) return `No ${what}`;
  return inCover ? `Covered (until ${formatDay(end)})` : `Not covered (ended ${formatDay(end)})`;
}

function footer(doc: Doc, data: ReportPdfData, hash: string, w: ReportWriter): number {
  const range = doc.bufferedPageRange();
  const label = reportLabel(data);
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page; lift it while the footer is drawn.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - MARGIN.bottom + 18;
    doc.moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + CONTENT_WIDTH, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    w.text(`${label}  ·  Content hash ${shortHash(hash)}`, { x: MARGIN.left, y, width: CONTENT_WIDTH * 0.75, size: 7.5, color: MUTED, lineBreak: false });
    w.text(`Page ${i - range.start + 1} of ${range.count}`, { x: MARGIN.left + CONTENT_WIDTH * 0.75, y, width: CONTENT_WIDTH * 0.25, size: 7.5, color: MUTED, align: 'right', lineBreak: false });
    doc.page.margins.bottom = saved;
  }
  return range.count;
}

/** Draws the whole report into `doc` (not ended); returns the content hash printed in its footer. */
function drawReport(doc: Doc, data: ReportPdfData, registered: Set<FaceName>): { hash: string; pages: number } {
  const w = new ReportWriter(doc, registered);
  const r = data.report;
  const tz = data.timeZone;
  const hash = reportContentHash(data);
  letterhead(w, doc, data);

  w.text(r.number ? `Service report ${r.number}` : 'Service report (draft)', { x: MARGIN.left, width: CONTENT_WIDTH, bold: true, size: 17 });
  const statusLine = [r.number ? `Revision ${r.revision}` : 'Not submitted yet', `Status: ${r.status}`];
  if (r.submittedAt) statusLine.push(`Submitted ${formatDateTime(r.submittedAt, tz)}`);
  if (r.status === 'approved' && r.reviewedAt) statusLine.push(`Approved ${formatDateTime(r.reviewedAt, tz)}${r.reviewedByName ? ` by ${r.reviewedByName}` : ''}`);
  w.text(statusLine.join('  ·  '), { x: MARGIN.left, width: CONTENT_WIDTH, size: 9, color: MUTED });
  doc.moveDown(0.5);

  w.heading('Case and equipment');
  const site = data.site;
  w.fields([
    ['Case', `${data.case.number} — ${data.case.title}`],
    ['Priority', data.case.priority],
    ['Customer', data.customer ? `${data.customer.name}${data.customer.code ? ` (${data.customer.code})` : ''}` : '—'],
    ['Site', site ? site.name : '—'],
    ['Site address', site?.address ?? '—'],
    ['Site contact', site ? [site.contactName, site.contactPhone].filter(Boolean).join(', ') : '—'],
    ['Projector', data.projector ? [data.projector.manufacturer, data.projector.model].filter(Boolean).join(' ') : 'Not in the installed base'],
    ['Serial number', data.projector?.serial ?? '—'],
    ['Warranty', coverageText(data.coverage.inWarranty, data.coverage.warrantyEnd, 'warranty on record')],
    ['Service contract', coverageText(data.coverage.underContract, data.coverage.contractEnd, 'service contract')],
  ]);

  w.heading('Visit');
  w.fields([
    ['Engineer', data.engineerName],
    ['Planned', data.visit ? `${formatDay(data.visit.date)} ${data.visit.start} (${formatMinutes(data.visit.durationMinutes)})` : '—'],
    ['Checked in', formatDateTime(r.checkInAt, tz)],
    ['Checked out', formatDateTime(r.checkOutAt, tz)],
    ['Time spent', formatMinutes(r.timeSpentMinutes)],
    ['Follow-up needed', r.followUpNeeded ? 'Yes' : 'No'],
  ]);

  w.section('Diagnosis', r.diagnosis);
  w.section('Work performed', r.workPerformed);
  w.section('Tests and calibration', r.testsPerformed);
  w.section('Root cause', r.rootCause);
  w.section('Resolution', r.resolution);
  w.section('Next steps', r.nextSteps);

  w.heading('Parts');
  if (r.parts.length === 0) w.text('No parts used.', { x: MARGIN.left, width: CONTENT_WIDTH });
  else {
    w.table(
      [
        { header: 'Part number', width: 88 },
        { header: 'Description', width: CONTENT_WIDTH - 88 - 34 - 95 - 95 },
        { header: 'Qty', width: 34 },
        { header: 'Fitted serial', width: 95 },
        { header: 'Removed serial', width: 95 },
      ],
      r.parts.map((p) => [p.partNumber, p.description, String(p.quantity), p.fittedSerial, p.removedSerial]),
    );
  }

  w.heading('Customer feedback');
  w.text(r.satisfaction === null ? 'Satisfaction: not given' : `Satisfaction: ${r.satisfaction} of 5`, { x: MARGIN.left, width: CONTENT_WIDTH, bold: true });
  w.text(r.customerFeedback.trim() || '—', { x: MARGIN.left, width: CONTENT_WIDTH, lineGap: 1.5 });

  if (data.photos.length > 0) {
    w.heading(`Photos (${data.photos.length})`);
    w.photos(data.photos);
  }

  w.heading('Customer sign-off');
  const sig = r.signature;
  const sigImage = sig ? imageFromDataUrl(sig.imagePng) : null;
  w.ensure(sigImage ? 110 : 30);
  if (sig) {
    if (sigImage) {
      const y = doc.y;
      try {
        doc.image(sigImage, MARGIN.left, y, { fit: [220, 80] });
        doc.y = y + 84;
      } catch {
        doc.y = y;
      }
    }
    w.text(`Signed by ${sig.signerName} on ${formatDateTime(sig.signedAt, tz)}`, { x: MARGIN.left, width: CONTENT_WIDTH });
  } else {
    w.text(`Not signed: ${r.noSignatureReason.trim() || 'no reason recorded'}`, { x: MARGIN.left, width: CONTENT_WIDTH });
  }
  doc.moveDown(0.8);
  w.text(`Content hash (SHA-256): ${hash}`, { x: MARGIN.left, width: CONTENT_WIDTH, size: 7.5, color: MUTED });

  const pages = footer(doc, data, hash, w);
  return { hash, pages };
}

export type RenderOptions = Readonly<{
  /** Seals the PDF's creation date (tests, reproducible output); defaults to now. */
  createdAt?: Date;
}>;

/** Renders one report into a PDF in memory (a report with photo thumbnails is a few hundred KB). */
export function renderServiceReportPdf(data: ReportPdfData, options: RenderOptions = {}): Promise<RenderedReport> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    // No default Helvetica: pdfkit would parse its metrics for every document, and nothing uses it.
    font: null as unknown as string,
    bufferPages: true,
    info: {
      Title: `Service report ${reportLabel(data)}`,
      Subject: `Case ${data.case.number}`,
      Author: data.letterhead.organisationName,
      Creator: 'Lamphouse',
      CreationDate: options.createdAt ?? new Date(),
    },
  });
  countDocument();
  // The base faces are registered up front (every report uses both); the rest when a run needs them.
  const registered = new Set<FaceName>();
  useFace(doc, registered, 'regular');
  useFace(doc, registered, 'bold');
  const chunks: Buffer[] = [];
  return new Promise<RenderedReport>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('error', reject);
    let result: { hash: string; pages: number };
    doc.on('end', () => resolve({ pdf: Buffer.concat(chunks), contentHash: result.hash, pages: result.pages }));
    try {
      result = drawReport(doc, data, registered);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
