// Issue 7: names in any script print as real text. A report whose names are Chinese, Japanese,
// Korean, Greek, Cyrillic, Hebrew and Arabic is read back with poppler's pdftotext, and its fonts
// are embedded as subsets (a CJK font is 10 MB whole).
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFace } from './fonts.js';
import { renderServiceReportPdf } from './service-report-pdf.js';
import { paragraphLevels, spansOf, visualRuns } from './text-layout.js';
import { hasPdftotext, pdfText } from './testing/pdf-text.js';
import { makeSampleAssets, sampleReport, type SampleAssets } from './testing/sample-report.js';

let assets: SampleAssets;
beforeAll(async () => {
  assets = await makeSampleAssets(2);
});

/**
 * pdftotext puts right-to-left text back in logical order (what was typed) and wraps it in
 * embedding marks (U+202B ... U+202C); the marks are dropped, the words compared as typed.
 */
const readable = (text: string) => text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');

function scriptsReport(withPhotos: boolean) {
  const data = sampleReport(assets, 77);
  return {
    ...data,
    photos: withPhotos ? data.photos : [],
    customer: { name: '张伟', code: 'ZW' },
    site: { name: '山田太郎', address: 'Αθήνα · Москва', contactName: '김민준', contactPhone: '+82 10 1234 5678' },
    engineerName: 'שלום',
    report: { ...data.report, diagnosis: 'مرحبا بالعالم', rootCause: 'Site: مستشفى الملك 12' },
  };
}

describe('every script prints as real text', () => {
  it.skipIf(!hasPdftotext())('pdftotext extracts CJK, Korean, Greek, Cyrillic, Hebrew and Arabic names', async () => {
    const { pdf } = await renderServiceReportPdf(scriptsReport(true));
    const text = readable(pdfText(pdf));
    for (const name of ['张伟 (ZW)', '山田太郎', '김민준', 'Αθήνα · Москва', 'שלום', 'مرحبا بالعالم', 'مستشفى الملك']) expect(text).toContain(name);
    // Letters drawn left to right unreordered would read back reversed.
    expect(text).not.toContain('םולש');
  });

  it('embeds subsets: a report with CJK names stays small', async () => {
    const { pdf } = await renderServiceReportPdf(scriptsReport(false));
    const raw = pdf.toString('latin1');
    // Four faces (DejaVu Sans, Bold, Noto Sans SC, Nanum Gothic), each a subset (tagged XXXXXX+Name).
    expect(raw.match(/\/FontFile2/g)?.length).toBe(4);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NanumGothic/);
    // The whole Noto Sans SC file is 10 MB; its subset is a few KB.
    expect(pdf.length).toBeLessThan(150_000);
    const withPhotos = await renderServiceReportPdf(scriptsReport(true));
    expect(withPhotos.pdf.length).toBeLessThan(1_000_000);
  });
});

describe('bidi line layout', () => {
  const runs = (text: string) =>
    visualRuns(text, spansOf(text, false), paragraphLevels(text), 0, text.length).map((r) => ({ text: r.text, rtl: r.rtl, shaperReverses: r.shaperReverses }));

  it('orders a mixed line visually: Latin first, the Arabic run right to left with its number after it', () => {
    // The digits after Arabic belong to the right-to-left run (rule W2: they become Arabic numbers),
    // so on the page: "Site: 12 <Arabic, read from the right>".
    expect(runs('Site: مستشفى الملك 12')).toEqual([
      { text: 'Site: ', rtl: false, shaperReverses: false },
      { text: '12', rtl: false, shaperReverses: false },
      // Handed over in logical order: fontkit shapes the Arabic, then reverses the glyphs itself.
      { text: 'مستشفى الملك ', rtl: true, shaperReverses: true },
    ]);
  });

  it('puts Latin at the left of a right-to-left paragraph and mirrors its brackets', () => {
    // Logical "(" and ")" swap so that, reversed by fontkit, the brackets still enclose the word.
    expect(runs('(שלום) abc')).toEqual([
      { text: 'abc', rtl: false, shaperReverses: false },
      { text: ')שלום( ', rtl: true, shaperReverses: true },
    ]);
  });

  it('keeps Latin and numbers inside an Arabic sentence left to right', () => {
    const r = runs('مرحبا DP4K-32B 2026');
    expect(r.map((x) => x.text)).toEqual(['DP4K-32B 2026', 'مرحبا ']);
    expect(r[0]!.rtl).toBe(false);
  });

  it('leaves an all left-to-right line alone (no bidi pass)', () => {
    expect(paragraphLevels('Site 北京 3')).toBeNull();
    expect(runs('Site 北京 3').map((x) => x.text)).toEqual(['Site ', '北京 3']);
  });

  it('relies on fontkit shaping Arabic: joined forms, not the isolated letters', () => {
    const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as {
      create(b: Buffer): { layout(t: string): { glyphs: { id: number }[] }; glyphForCodePoint(cp: number): { id: number } };
    };
    const font = fontkit.create(loadFace('regular')!.bytes);
    const word = 'مرحبا';
    const shaped = font.layout(word).glyphs.map((g) => g.id);
    const isolated = Array.from(word, (ch) => font.glyphForCodePoint(ch.codePointAt(0)!).id);
    expect(shaped).toHaveLength(isolated.length);
    // fontkit returns them visually (reversed); at least the joining letters changed form.
    expect(shaped).not.toEqual([...isolated].reverse());
    expect(shaped.filter((id, i) => id !== [...isolated].reverse()[i]).length).toBeGreaterThanOrEqual(3);
  });
});
