// With a CJK font on the machine, CJK runs switch to it. No CJK font is installed here, so the
// fallback is pointed (through its override) at Debian's DejaVu Serif, a font of its own: the
// switching is what is tested. Without that file the test is skipped.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSampleAssets, sampleReport, type SampleAssets } from './testing/sample-report.js';
import { pdfText } from './testing/pdf-text.js';

const STAND_IN = '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf';
const available = fs.existsSync(STAND_IN);
process.env.LAMPHOUSE_PDF_CJK_FONT = STAND_IN;
const { renderServiceReportPdf } = await import('./service-report-pdf.js');
const { reportFonts } = await import('./fonts.js');

let assets: SampleAssets;
beforeAll(async () => {
  assets = await makeSampleAssets(1);
});

describe('CJK fallback font', () => {
  it.skipIf(!available)('embeds the fallback font for CJK runs and keeps the text around them', async () => {
    expect(reportFonts().cjk?.file).toBe(process.env.LAMPHOUSE_PDF_CJK_FONT);
    const data = sampleReport(assets, 4);
    const { pdf } = await renderServiceReportPdf({ ...data, site: { ...data.site!, name: 'Cinema 北京 Screen 3' } });
    const raw = pdf.toString('latin1');
    // DejaVu Sans, DejaVu Sans Bold, and the fallback as a font of its own.
    expect(raw.match(/\/FontFile2/g)?.length).toBe(3);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Cinema');
    expect(text).toContain('Screen 3');
    expect(text).toContain('DTR-2026-000004');
  });
});
