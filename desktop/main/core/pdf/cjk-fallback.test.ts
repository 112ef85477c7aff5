// Chinese, Japanese and Korean print with the fonts bundled with the app, whatever the machine has;
// a font found on the machine is only the last resort for a character none of the bundled faces
// has. The fallback is pointed (through its override) at Debian's DejaVu Serif, which has a few
// arrows DejaVu Sans, Noto Sans SC and Nanum Gothic lack; without that file that part is skipped.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSampleAssets, sampleReport, type SampleAssets } from './testing/sample-report.js';
import { pdfText } from './testing/pdf-text.js';

const STAND_IN = '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf';
const available = fs.existsSync(STAND_IN);
process.env.LAMPHOUSE_PDF_CJK_FONT = STAND_IN;
const { renderServiceReportPdf } = await import('./service-report-pdf.js');

let assets: SampleAssets;
beforeAll(async () => {
  assets = await makeSampleAssets(1);
});

/** The embedded fonts' names without the subset tag (BZZZZZ+DejaVuSans → DejaVuSans). */
function embeddedFonts(pdf: Buffer): string[] {
  return [...new Set([...pdf.toString('latin1').matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]!))].sort();
}

describe('CJK fonts', () => {
  it('prints CJK with the bundled fonts, not a font of the machine', async () => {
    const data = sampleReport(assets, 4);
    const { pdf } = await renderServiceReportPdf({ ...data, site: { ...data.site!, name: 'Cinema 北京 Screen 3', contactName: '김민준' } });
    expect(embeddedFonts(pdf)).toEqual(['DejaVuSans', 'DejaVuSans-Bold', 'NanumGothic', 'NotoSansSC-Regular']);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Cinema 北京 Screen 3');
    expect(text).toContain('김민준');
    expect(text).toContain('DTR-2026-000004');
  });

  it.skipIf(!available)('falls back to the machine’s font only for a character no bundled font has', async () => {
    const data = sampleReport(assets, 5);
    const { pdf } = await renderServiceReportPdf({ ...data, site: { ...data.site!, name: 'Arrow ⤀ room' } });
    expect(embeddedFonts(pdf)).toEqual(['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSerif']);
    expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain('Arrow ⤀ room');
  });
});
