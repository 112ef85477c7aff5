import { describe, expect, it, beforeAll } from 'vitest';
import { renderServiceReportPdf } from './service-report-pdf.js';
import { reportContentHash, shortHash, canonicalJson } from './report-pdf-data.js';
import { makeSampleAssets, sampleReport, type SampleAssets } from './testing/sample-report.js';
import { pdfText } from './testing/pdf-text.js';
import { fontRuns } from './fonts.js';

let assets: SampleAssets;
beforeAll(async () => {
  assets = await makeSampleAssets(6);
});

/** Words only: line breaks and layout spacing differ between pdftotext and the fallback reader. */
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('renderServiceReportPdf', () => {
  it('prints the case, parts, signature statement, non-Latin names and the content hash as real text', async () => {
    const data = sampleReport(assets, 42);
    const { pdf, contentHash, pages } = await renderServiceReportPdf(data);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = squash(pdfText(pdf));
    expect(text).toContain('DTR-2026-000042');
    expect(text).toContain('Service report SR-2026-000042');
    expect(text).toContain('Revision 2');
    for (let i = 0; i < 10; i += 1) expect(text).toContain(`LMP-${4000 + i}`);
    expect(text).toContain('Xenon lamp 3 kW');
    expect(text).toContain('FS420000');
    expect(text).toContain('Signed by Γιώργος Παπαδόπουλος on 5 Mar 2026, 12:30');
    expect(text).toContain('Кинотеатр «Заря»');
    expect(text).toContain('ул. Ленина 10, Москва');
    expect(text).toContain('Lumen Cinema Services Ltd');
    expect(text).toContain('Satisfaction: 5 of 5');
    expect(text).toContain('Covered (until 30 Jun 2027)');
    // The value wraps in its column; a two-column reader interleaves the wrapped part.
    expect(text).toContain('Not covered (ended 31 Dec');
    expect(text).toContain('Photo 6: lamp housing, view 6');
    expect(contentHash).toBe(reportContentHash(data));
    expect(text).toContain(`Content hash (SHA-256): ${contentHash}`);
    // Every page has the footer with page X of Y and the short hash.
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= pages; p += 1) expect(text).toContain(`Page ${p} of ${pages}`);
    expect(text.split(`SR-2026-000042 rev. 2 · Content hash ${shortHash(contentHash)}`).length - 1).toBe(pages);
    // The photos and the signature are embedded images (6 JPEG photos + PNG signature and logo).
    expect(pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(8);
    // The fonts are embedded subsets, not a base-14 font that cannot print Greek or Cyrillic.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    expect(pdf.toString('latin1')).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('prints why a report is not signed, and a draft without a number', async () => {
    const data = sampleReport(assets, 7, { signature: null, noSignatureReason: 'Site manager was not on site', number: null, status: 'draft', submittedAt: null, reviewedAt: null });
    const text = squash(pdfText((await renderServiceReportPdf(data)).pdf));
    expect(text).toContain('Not signed: Site manager was not on site');
    expect(text).toContain('Service report (draft)');
    expect(text).toContain('Draft for DTR-2026-000007');
    expect(text).not.toContain('Signed by');
  });

  it('renders the same text twice in one process (shared font caches stay correct)', async () => {
    const a = squash(pdfText((await renderServiceReportPdf(sampleReport(assets, 1))).pdf));
    const b = squash(pdfText((await renderServiceReportPdf(sampleReport(assets, 1))).pdf));
    expect(b).toBe(a);
    expect(a).not.toContain('\ufffd');
  });

  it('prints a report whose photos are not on this console yet, and survives a broken logo', async () => {
    const data = sampleReport(assets, 3);
    const text = squash(
      pdfText(
        (
          await renderServiceReportPdf({
            ...data,
            letterhead: { ...data.letterhead, logoDataUrl: 'data:image/png;base64,AAAA' },
            photos: data.photos.map((p) => ({ ...p, jpeg: null })),
          })
        ).pdf,
      ),
    );
    expect(text).toContain('Photo not on this console yet');
  });

  it('flows long text over pages, with the footer on every page', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Step ${i + 1}: checked the convergence and the lens shift.`).join(' ');
    const { pdf, pages } = await renderServiceReportPdf(sampleReport(assets, 8, { workPerformed: long.slice(0, 10_000) }));
    expect(pages).toBeGreaterThanOrEqual(4);
    const text = squash(pdfText(pdf));
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain('Step 150: checked the convergence');
    expect(text).toContain('Signed by Γιώργος Παπαδόπουλος');
  });
});

describe('content hash', () => {
  it('changes with any field, not with the letterhead or printed photo bytes', () => {
    const data = sampleReport(assets, 5);
    const hash = reportContentHash(data);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(reportContentHash({ ...data, report: { ...data.report, diagnosis: `${data.report.diagnosis}.` } })).not.toBe(hash);
    expect(reportContentHash({ ...data, report: { ...data.report, parts: data.report.parts.slice(1) } })).not.toBe(hash);
    expect(reportContentHash({ ...data, letterhead: { ...data.letterhead, phone: '000' } })).toBe(hash);
    expect(reportContentHash({ ...data, photos: data.photos.map((p) => ({ ...p, jpeg: null })) })).toBe(hash);
    expect(shortHash(hash)).toBe(hash.slice(0, 16));
  });

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe('fontRuns', () => {
  it('gives CJK to Noto Sans SC and Hangul to Nanum Gothic, keeping spaces and digits with their run when its face has them', () => {
    expect(fontRuns('Site 北京 3 office', false)).toEqual([
      { text: 'Site ', face: 'regular' },
      { text: '北京 3 ', face: 'sc' },
      { text: 'office', face: 'regular' },
    ]);
    expect(fontRuns('山田 김민준 이서연', true)).toEqual([
      { text: '山田 ', face: 'sc-bold' },
      { text: '김민준', face: 'kr-bold' },
      // Nanum Gothic's space glyph is unreadable to fontkit: the space goes to DejaVu.
      { text: ' ', face: 'bold' },
      { text: '이서연', face: 'kr-bold' },
    ]);
    expect(fontRuns('Αθήνα Москва שלום مرحبا', false)).toEqual([{ text: 'Αθήνα Москва שלום مرحبا', face: 'regular' }]);
  });
});
