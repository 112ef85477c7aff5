// Lays out text that one pdfkit call cannot draw right: text needing several fonts (CJK, Korean,
// a system fallback) and right-to-left text (Hebrew, Arabic). Wraps it into lines itself, puts each
// line in visual order with the Unicode Bidirectional Algorithm (bidi-js), and draws it run by run
// on a common baseline.
import bidiFactory, { type EmbeddingLevels } from 'bidi-js';
import { fontRuns, useFace, type FaceName } from './fonts.js';

const bidi = bidiFactory();

type Doc = PDFKit.PDFDocument;

/** Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, ...) and their presentation forms. */
const RTL_SCRIPT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

export function hasRtl(text: string): boolean {
  return RTL_SCRIPT.test(text);
}

/** A piece of a line, in visual order: `text` is what to hand pdfkit, drawn by `face`. */
export type VisualRun = Readonly<{
  text: string;
  face: FaceName;
  /** Right-to-left (odd bidi level). */
  rtl: boolean;
  /**
   * fontkit reverses the glyphs of a run in a right-to-left script itself (after shaping Arabic,
   * which needs the logical order); such a run is handed over in logical order, whole (pdfkit would
   * otherwise lay it out word by word and keep the words left to right).
   */
  shaperReverses: boolean;
}>;

/** A run of one face over UTF-16 indices [start, end) of a paragraph, in logical order. */
export type Span = Readonly<{ start: number; end: number; face: FaceName }>;

export function spansOf(paragraph: string, bold: boolean): Span[] {
  const spans: Span[] = [];
  let at = 0;
  for (const run of fontRuns(paragraph, bold)) {
    spans.push({ start: at, end: at + run.text.length, face: run.face });
    at += run.text.length;
  }
  return spans;
}

const reverse = (text: string) => Array.from(text).reverse().join('');

/** The bidi levels of a paragraph with right-to-left letters; null for one without (all left to right). */
export function paragraphLevels(paragraph: string): EmbeddingLevels | null {
  return hasRtl(paragraph) ? bidi.getEmbeddingLevels(paragraph) : null;
}

/** Right-to-left paragraph: its first strong character is right-to-left (rule P2). */
export function isRtlParagraph(levels: EmbeddingLevels | null): boolean {
  return levels !== null && ((levels.paragraphs[0]?.level ?? 0) & 1) === 1;
}

/**
 * The runs of the line [start, end) of `paragraph` in visual order (left to right on the page):
 * split where the face or the bidi level changes, right-to-left runs reversed with their brackets
 * mirrored, numbers and Latin inside them left to right.
 */
export function visualRuns(paragraph: string, spans: readonly Span[], levels: EmbeddingLevels | null, start: number, end: number): VisualRun[] {
  const faceAt = new Array<FaceName>(paragraph.length);
  for (const s of spans) for (let i = s.start; i < s.end; i += 1) faceAt[i] = s.face;
  const out: VisualRun[] = [];
  const emit = (lo: number, hi: number, level: number) => {
    const logical = paragraph.slice(lo, hi + 1);
    const rtl = (level & 1) === 1;
    const mirrored = rtl ? Array.from(logical, (ch) => bidi.getMirroredCharacter(ch) ?? ch).join('') : logical;
    const visual = rtl ? reverse(mirrored) : mirrored;
    const shaperReverses = hasRtl(logical);
    out.push({ text: shaperReverses ? reverse(visual) : visual, face: faceAt[lo]!, rtl, shaperReverses });
  };
  if (!levels) {
    for (const s of spans) {
      const lo = Math.max(s.start, start);
      const hi = Math.min(s.end, end) - 1;
      if (lo <= hi) emit(lo, hi, 0);
    }
    return out;
  }
  if (end <= start) return out;
  const order = bidi.getReorderedIndices(paragraph, levels, start, end - 1).slice(start, end);
  let lo = order[0]!;
  let hi = lo;
  let prev = lo;
  for (let k = 1; k <= order.length; k += 1) {
    const i = order[k];
    const level = levels.levels[prev]!;
    const step = level & 1 ? -1 : 1;
    if (i !== undefined && i === prev + step && levels.levels[i] === level && faceAt[i] === faceAt[prev]) {
      lo = Math.min(lo, i);
      hi = Math.max(hi, i);
      prev = i;
      continue;
    }
    emit(lo, hi, level);
    if (i === undefined) break;
    lo = hi = prev = i;
  }
  return out;
}

/** Ideographs, kana, Hangul and full-width forms: a line may break before or after any of them. */
const WIDE = /[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3200-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]|[\u{20000}-\u{3134f}]/u;
/** Closing punctuation that must not start a line, opening that must not end one (basic kinsoku). */
const NO_START = /[、。，．：；！？）」』】〕〉》”’ー・,.:;!?)\]]/u;
const NO_END = /[（「『【〔〈《“‘([]/u;

/** Splits a paragraph into the pieces a line may break between (UTF-16 offsets of the breaks). */
export function breakOffsets(paragraph: string): number[] {
  const chars = Array.from(paragraph);
  const offsets: number[] = [];
  let at = 0;
  for (let k = 0; k < chars.length - 1; k += 1) {
    const a = chars[k]!;
    const b = chars[k + 1]!;
    at += a.length;
    const spaceBreak = /\s/.test(a) && !/\s/.test(b);
    const wideBreak = (WIDE.test(a) || WIDE.test(b)) && !/\s/.test(b) && !/\s/.test(a) && !NO_START.test(b) && !NO_END.test(a);
    if (spaceBreak || wideBreak) offsets.push(at);
  }
  return offsets;
}

export type LayoutStyle = Readonly<{ bold: boolean; size: number }>;

type DrawRun = VisualRun & { width: number };
export type LaidLine = Readonly<{ runs: readonly DrawRun[]; width: number; ascent: number; height: number; rtl: boolean }>;

type FontMetrics = { ascender: number };

/** Measures and draws with the faces of one document, registering a face when first used. */
export class TextLayout {
  /** `registered`: the faces already in the document (shared with its other writers: registering twice would orphan the first font). */
  constructor(
    private readonly doc: Doc,
    private readonly registered: Set<FaceName>,
  ) {}

  /** Makes `face` usable in this document; a face that cannot be had falls back to the base face. */
  face(face: FaceName, bold: boolean): FaceName {
    if (useFace(this.doc, this.registered, face)) return face;
    const base = bold ? 'bold' : 'regular';
    useFace(this.doc, this.registered, base);
    return base;
  }

  private width(text: string, face: FaceName, style: LayoutStyle, shaperReverses: boolean): number {
    this.doc.font(this.face(face, style.bold)).fontSize(style.size);
    return this.doc.widthOfString(text, shaperReverses ? { features: [] } : {});
  }

  /** Width of [start, end) of a paragraph, in logical order (shaping does not depend on order). */
  private widthOf(paragraph: string, spans: readonly Span[], start: number, end: number, style: LayoutStyle): number {
    let w = 0;
    for (const s of spans) {
      const lo = Math.max(s.start, start);
      const hi = Math.min(s.end, end);
      if (lo < hi) {
        const t = paragraph.slice(lo, hi);
        w += this.width(t, s.face, style, hasRtl(t));
      }
    }
    return w;
  }

  /** Wraps text (any number of paragraphs) into lines no wider than `width` (null: no wrapping). */
  lines(text: string, style: LayoutStyle, width: number | null): LaidLine[] {
    const out: LaidLine[] = [];
    for (const paragraph of text.split('\n')) {
      const spans = spansOf(paragraph, style.bold);
      const levels = paragraphLevels(paragraph);
      const rtl = isRtlParagraph(levels);
      const ranges = width === null ? [[0, paragraph.length] as const] : this.wrap(paragraph, spans, style, width);
      for (const [s, e] of ranges) {
        let end = e;
        while (end > s && /\s/.test(paragraph[end - 1]!)) end -= 1;
        out.push(this.line(paragraph, spans, levels, s, end, style, rtl));
      }
    }
    return out;
  }

  private wrap(paragraph: string, spans: readonly Span[], style: LayoutStyle, width: number): (readonly [number, number])[] {
    if (paragraph.length === 0) return [[0, 0]];
    const cuts = [0, ...breakOffsets(paragraph), paragraph.length];
    const lines: [number, number][] = [];
    let lineStart = 0;
    let lineEnd = 0;
    let used = 0;
    for (let k = 0; k < cuts.length - 1; k += 1) {
      const s = cuts[k]!;
      const e = cuts[k + 1]!;
      let ink = e;
      while (ink > s && /\s/.test(paragraph[ink - 1]!)) ink -= 1;
      const inkWidth = this.widthOf(paragraph, spans, s, ink, style);
      if (lineEnd > lineStart && used + inkWidth > width) {
        lines.push([lineStart, lineEnd]);
        lineStart = s;
        used = 0;
      }
      if (inkWidth > width) {
        // A word wider than the column: break it between characters.
        let at = s;
        for (const ch of Array.from(paragraph.slice(s, e))) {
          const w = this.widthOf(paragraph, spans, at, at + ch.length, style);
          if (at > lineStart && used + w > width) {
            lines.push([lineStart, at]);
            lineStart = at;
            used = 0;
          }
          used += w;
          at += ch.length;
        }
        lineEnd = e;
        continue;
      }
      used += this.widthOf(paragraph, spans, s, e, style);
      lineEnd = e;
    }
    lines.push([lineStart, paragraph.length]);
    return lines;
  }

  private line(paragraph: string, spans: readonly Span[], levels: EmbeddingLevels | null, start: number, end: number, style: LayoutStyle, rtl: boolean): LaidLine {
    const runs = visualRuns(paragraph, spans, levels, start, end).map((r) => {
      const face = this.face(r.face, style.bold);
      return { ...r, face, width: this.width(r.text, face, style, r.shaperReverses) };
    });
    const faces = new Set<FaceName>(runs.map((r) => r.face));
    if (faces.size === 0) faces.add(this.face(style.bold ? 'bold' : 'regular', style.bold));
    let ascent = 0;
    let height = 0;
    for (const face of faces) {
      this.doc.font(face).fontSize(style.size);
      ascent = Math.max(ascent, ((this.doc as unknown as { _font: FontMetrics })._font.ascender / 1000) * style.size);
      height = Math.max(height, this.doc.currentLineHeight(true));
    }
    return { runs, width: runs.reduce((w, r) => w + r.width, 0), ascent, height, rtl };
  }

  /** Height the lines take with `lineGap` after each (as pdfkit's heightOfString counts). */
  static height(lines: readonly LaidLine[], lineGap: number): number {
    return lines.reduce((h, l) => h + l.height + lineGap, 0);
  }

  /**
   * Draws the lines from doc.y down, leaving doc.y below them and doc.x at `x`. Unaligned text
   * goes left, or right in a right-to-left paragraph. With `allowPageBreak`, a line that does not
   * fit starts a new page (as pdfkit's own wrapping does).
   */
  draw(
    lines: readonly LaidLine[],
    o: Readonly<{ x: number; width: number; align?: string; lineGap: number; style: LayoutStyle; allowPageBreak: boolean; maxLines?: number }>,
  ): void {
    const doc = this.doc;
    let y = doc.y;
    let shown = lines;
    if (o.maxLines !== undefined && lines.length > o.maxLines) {
      // Cut to the room there is and mark the cut with an ellipsis at the end of the last line.
      shown = lines.slice(0, Math.max(1, o.maxLines));
      const last = shown[shown.length - 1]!;
      const face = this.face(o.style.bold ? 'bold' : 'regular', o.style.bold);
      const dots: DrawRun = { text: '…', face, rtl: last.rtl, shaperReverses: false, width: this.width('…', face, o.style, false) };
      shown = [...shown.slice(0, -1), { ...last, runs: last.rtl ? [dots, ...last.runs] : [...last.runs, dots], width: last.width + dots.width }];
    }
    for (const line of shown) {
      if (o.allowPageBreak && y + line.height > doc.page.maxY() && y > doc.page.margins.top) {
        doc.addPage();
        y = doc.page.margins.top;
      }
      const align = o.align === 'right' || o.align === 'center' || o.align === 'left' ? o.align : line.rtl ? 'right' : 'left';
      let x = align === 'right' ? o.x + o.width - line.width : align === 'center' ? o.x + (o.width - line.width) / 2 : o.x;
      for (const run of line.runs) {
        doc.font(run.face).fontSize(o.style.size);
        doc.text(run.text, x, y + line.ascent, { lineBreak: false, baseline: 'alphabetic', ...(run.shaperReverses ? { features: [] } : {}) });
        x += run.width;
      }
      y += line.height + o.lineGap;
    }
    doc.x = o.x;
    doc.y = y;
  }
}
