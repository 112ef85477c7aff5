// The fonts a PDF report embeds: DejaVu Sans (+Bold), shipped beside this file so every machine
// prints the same (Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic letters, many
// symbols), and, for Chinese, Japanese and Korean, which DejaVu lacks, a CJK font found on the
// machine with fc-list (none found: those characters print as empty boxes and are missing from the
// text layer; pdftotext then shows nothing for them).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const FONTS_DIR = path.join(import.meta.dirname, 'fonts');

export type ReportFonts = Readonly<{
  regular: Buffer;
  bold: Buffer;
  /** A CJK-capable font file (a .ttf/.otf, or a .ttc with the face name to use), or null. */
  cjk: Readonly<{ file: string; family?: string }> | null;
}>;

let cached: ReportFonts | null = null;

/** Reads the fonts once per process: a 1,000-report batch must not read 1.4 MB a thousand times. */
export function reportFonts(): ReportFonts {
  cached ??= {
    regular: fs.readFileSync(path.join(FONTS_DIR, 'DejaVuSans.ttf')),
    bold: fs.readFileSync(path.join(FONTS_DIR, 'DejaVuSans-Bold.ttf')),
    cjk: findCjkFont(),
  };
  return cached;
}

/**
 * Asks fontconfig for a font with Chinese coverage (Noto Sans CJK, WenQuanYi, Droid Sans Fallback
 * cover Japanese and Korean too). TrueType collections need the face's PostScript name, which
 * fc-list gives; a missing fc-list or an odd answer means no CJK fallback, never a failure.
 */
export function findCjkFont(): ReportFonts['cjk'] {
  if (process.env.LAMPHOUSE_PDF_CJK_FONT) return { file: process.env.LAMPHOUSE_PDF_CJK_FONT };
  let out: string;
  try {
    out = execFileSync('fc-list', [':lang=zh', 'file', 'postscriptname'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const candidates = out
    .split('\n')
    .map((line) => /^(.+?\.(?:ttf|otf|ttc)):\s*(?::?postscriptname=(.+))?$/i.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: m[1]!, family: m[2]?.trim() }));
  // Sans before serif, regular weight before others: the rest of the report is DejaVu Sans.
  const score = (c: { file: string; family?: string }) => (/sans/i.test(c.file) ? 0 : 2) + (/bold|light|thin|black|medium/i.test(`${c.file} ${c.family ?? ''}`) ? 1 : 0);
  const best = candidates.sort((a, b) => score(a) - score(b))[0];
  if (!best || !fs.existsSync(best.file)) return null;
  return best.file.toLowerCase().endsWith('.ttc') ? { file: best.file, family: best.family } : { file: best.file };
}

/** Han, kana, Hangul, CJK punctuation and full-width forms: the scripts DejaVu Sans lacks. */
const CJK = /[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3200-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\u{20000}-\u{3134f}]/u;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Splits text into runs that are all CJK or all not, in order, so each run gets a font that has it. */
export function scriptRuns(text: string): { text: string; cjk: boolean }[] {
  const runs: { text: string; cjk: boolean }[] = [];
  for (const ch of text) {
    const cjk = CJK.test(ch);
    const last = runs[runs.length - 1];
    // Spaces and digits stay with the run they are in, so a line does not split needlessly.
    if (last && (last.cjk === cjk || /[\s\d]/.test(ch))) last.text += ch;
    else runs.push({ text: ch, cjk });
  }
  return runs;
}

/** The parts of pdfkit's font internals the sharing below touches (pdfkit 0.17). */
type EmbeddedFontLike = { name: string; font: unknown; layoutCache?: Record<string, unknown> };
type EmbeddedFontCtor = new (doc: PDFKit.PDFDocument, font: unknown, id: string) => EmbeddedFontLike;
type DocFontInternals = { _font: EmbeddedFontLike | null; _fontFamilies: Record<string, EmbeddedFontLike>; _fontCount: number };
type SharedFont = { ctor: EmbeddedFontCtor; font: unknown; layoutCache: Record<string, unknown> };

const shared = new Map<string, SharedFont>();
let docsSinceReset = 0;
/** Word layouts are cached across documents; start afresh now and then so free text cannot grow it forever. */
const LAYOUT_CACHE_DOCS = 500;

/**
 * Registers `name` in `doc`, sharing one parsed font and its word-layout cache across documents:
 * pdfkit parses the TrueType tables and shapes every word again for each document, which is most
 * of a report's render time. Each document still gets its own subset (only the glyphs it uses are
 * embedded). If pdfkit's internals are not what this expects, it falls back to plain registration.
 */
export function useSharedFont(doc: PDFKit.PDFDocument, name: string, src: Buffer): void {
  doc.registerFont(name, src);
  const internals = doc as unknown as DocFontInternals;
  const known = shared.get(name);
  try {
    if (!known) {
      doc.font(name);
      const f = internals._font;
      if (f && f.layoutCache && typeof f.constructor === 'function') {
        shared.set(name, { ctor: f.constructor as EmbeddedFontCtor, font: f.font, layoutCache: f.layoutCache });
      }
      return;
    }
    const f = new known.ctor(doc, known.font, `F${++internals._fontCount}`);
    f.layoutCache = known.layoutCache;
    internals._fontFamilies[name] = f;
  } catch {
    shared.delete(name);
  }
}

/** Call once per document rendered: clears the shared layout caches every LAYOUT_CACHE_DOCS. */
export function countDocument(): void {
  docsSinceReset += 1;
  if (docsSinceReset < LAYOUT_CACHE_DOCS) return;
  docsSinceReset = 0;
  for (const f of shared.values()) f.layoutCache = Object.create(null) as Record<string, unknown>;
}
