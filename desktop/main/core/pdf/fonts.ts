// The fonts a PDF report embeds, all shipped with the app so every machine prints the same:
// DejaVu Sans (+Bold, beside this file) for Latin, Greek, Cyrillic, Hebrew, Arabic and symbols;
// Noto Sans SC (npm @expo-google-fonts/noto-sans-sc) for Chinese and Japanese; Nanum Gothic
// (@expo-google-fonts/nanum-gothic) for Korean. Only a character none of them has falls back to a
// font found on the machine with fc-list (or LAMPHOUSE_PDF_CJK_FONT), and only when one turns up.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const FONTS_DIR = path.join(import.meta.dirname, 'fonts');

/** A face pdfkit knows by this name in every document; `-bold` faces go with bold text. */
export type FaceName = 'regular' | 'bold' | 'sc' | 'sc-bold' | 'kr' | 'kr-bold' | 'system';

type FaceSource = Readonly<{ file: string; family?: string }>;

/** The bundled faces, in the order a character looks for a font that has it. */
const REGULAR_CHAIN: readonly FaceName[] = ['regular', 'sc', 'kr', 'system'];
const BOLD_CHAIN: readonly FaceName[] = ['bold', 'sc-bold', 'kr-bold', 'system'];

/**
 * Where each bundled face lives. The font packages declare no "exports", so their files resolve
 * like any path in the package; resolving (not guessing node_modules) follows hoisting and bundling.
 */
function bundledSource(face: Exclude<FaceName, 'system'>): FaceSource {
  switch (face) {
    case 'regular':
      return { file: path.join(FONTS_DIR, 'DejaVuSans.ttf') };
    case 'bold':
      return { file: path.join(FONTS_DIR, 'DejaVuSans-Bold.ttf') };
    case 'sc':
      return { file: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf') };
    case 'sc-bold':
      return { file: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf') };
    case 'kr':
      return { file: require.resolve('@expo-google-fonts/nanum-gothic/400Regular/NanumGothic_400Regular.ttf') };
    case 'kr-bold':
      return { file: require.resolve('@expo-google-fonts/nanum-gothic/700Bold/NanumGothic_700Bold.ttf') };
  }
}

/** What the run splitting needs of a parsed font (fontkit's Font). */
type CoverageFont = { hasGlyphForCodePoint(codePoint: number): boolean; glyphForCodePoint(codePoint: number): { advanceWidth: number; bbox: unknown } };
type Fontkit = { create(buffer: Buffer, postscriptName?: string): CoverageFont };

/** A face's bytes and its parsed font, read the first time a report needs the face, then kept. */
type LoadedFace = Readonly<{ bytes: Buffer; family?: string; font: CoverageFont }>;
const loaded = new Map<FaceName, LoadedFace | null>();
let fontkit: Fontkit | null = null;

function loadFontkit(): Fontkit {
  // pdfkit's own fontkit (resolved from pdfkit, whose dependency it is), so the coverage checks see
  // exactly the cmap pdfkit will draw with.
  fontkit ??= createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit;
  return fontkit;
}

/** The face's bytes and parsed font, or null when it cannot be had (no system fallback found). */
export function loadFace(face: FaceName): LoadedFace | null {
  if (loaded.has(face)) return loaded.get(face) ?? null;
  let value: LoadedFace | null = null;
  const source = face === 'system' ? findCjkFont() : bundledSource(face);
  if (source) {
    try {
      const bytes = fs.readFileSync(source.file);
      value = { bytes, family: source.family, font: loadFontkit().create(bytes, source.family) };
    } catch (error) {
      // A bundled face must be there; a system one that cannot be read is simply not used.
      if (face !== 'system') throw error;
      value = null;
    }
  }
  loaded.set(face, value);
  return value;
}

/**
 * Asks fontconfig for a font with Chinese coverage (Noto Sans CJK, WenQuanYi, Droid Sans Fallback
 * cover Japanese and Korean too) — the last resort for characters no bundled face has. TrueType
 * collections need the face's PostScript name, which fc-list gives; a missing fc-list or an odd
 * answer means no fallback, never a failure.
 */
export function findCjkFont(): FaceSource | null {
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

const coverage = new Map<FaceName, Map<number, boolean>>();

/**
 * Whether `face` can draw the character: it maps it to a glyph and fontkit can read that glyph.
 * (Nanum Gothic's space and backtick glyphs point past the end of its glyf table; fontkit throws
 * on them, so those characters are left to another face.)
 */
export function faceHas(face: FaceName, codePoint: number): boolean {
  let known = coverage.get(face);
  if (!known) coverage.set(face, (known = new Map()));
  let has = known.get(codePoint);
  if (has === undefined) {
    const font = loadFace(face)?.font;
    has = false;
    if (font?.hasGlyphForCodePoint(codePoint)) {
      try {
        const glyph = font.glyphForCodePoint(codePoint);
        has = Number.isFinite(glyph.advanceWidth) && glyph.bbox !== undefined;
      } catch {
        has = false;
      }
    }
    known.set(codePoint, has);
  }
  return has;
}

/** Per code point and weight, the face that draws it (memoised: a batch asks about the same letters). */
const faceCache = new Map<number, FaceName>();

/** The first face in the chain that has the character; none has it → the base face (a box). */
export function faceFor(codePoint: number, bold: boolean): FaceName {
  const key = bold ? -1 - codePoint : codePoint;
  const known = faceCache.get(key);
  if (known) return known;
  const chain = bold ? BOLD_CHAIN : REGULAR_CHAIN;
  let face = chain[0]!;
  for (const candidate of chain) {
    if (faceHas(candidate, codePoint)) {
      face = candidate;
      break;
    }
  }
  faceCache.set(key, face);
  return face;
}

export type FontRun = { text: string; face: FaceName };

/** Spaces, digits, joiners and combining marks stay in the run they are in if its face has them, so lines do not split needlessly. */
const STICKY = /^[\s\d\p{M}\u200c\u200d]$/u;

/**
 * Splits text into runs, in logical order, each drawn by one face: the base face (DejaVu) where it
 * has the character, else the first bundled face that has it, else the system fallback.
 */
export function fontRuns(text: string, bold: boolean): FontRun[] {
  const runs: FontRun[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const last = runs[runs.length - 1];
    const face = last && STICKY.test(ch) && faceHas(last.face, cp) ? last.face : faceFor(cp, bold);
    if (last && last.face === face) last.text += ch;
    else runs.push({ text: ch, face });
  }
  return runs;
}

/** True when the base face (DejaVu) draws every character: one pdfkit call, no splitting. */
export function baseFaceCovers(text: string, bold: boolean): boolean {
  const base = bold ? 'bold' : 'regular';
  for (const ch of text) {
    // ASCII is always in DejaVu; skip the lookup for the common case.
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x80 && faceFor(cp, bold) !== base) return false;
  }
  return true;
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
export function useSharedFont(doc: PDFKit.PDFDocument, name: string, src: Buffer, family?: string): void {
  if (family) doc.registerFont(name, src, family);
  else doc.registerFont(name, src);
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

/**
 * Registers a face in `doc` the first time the document draws with it (a face registered but not
 * used would still be embedded), sharing the parsed font across documents. False when the face
 * cannot be had.
 */
export function useFace(doc: PDFKit.PDFDocument, registered: Set<FaceName>, face: FaceName): boolean {
  if (registered.has(face)) return true;
  const f = loadFace(face);
  if (!f) return false;
  try {
    useSharedFont(doc, face, f.bytes, f.family);
  } catch {
    // A system font pdfkit cannot open prints as boxes in the base face rather than no report.
    return false;
  }
  registered.add(face);
  return true;
}

/** Call once per document rendered: clears the shared layout caches every LAYOUT_CACHE_DOCS. */
export function countDocument(): void {
  docsSinceReset += 1;
  if (docsSinceReset < LAYOUT_CACHE_DOCS) return;
  docsSinceReset = 0;
  for (const f of shared.values()) f.layoutCache = Object.create(null) as Record<string, unknown>;
}
