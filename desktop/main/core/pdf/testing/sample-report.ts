// Generated service reports for tests and the `reports` bench: real JPEG photos made with sharp,
// ten parts, a PNG signature, and names in Greek and Cyrillic.
import sharp from 'sharp';
import type { PhotoTag } from '../../../../../shared/service.js';
import type { ReportPdfData, ReportPdfPhoto } from '../report-pdf-data.js';

const TAGS: readonly PhotoTag[] = ['before', 'during', 'after', 'parts'];

/** A noisy gradient JPEG (noise keeps it from compressing to nothing, like a real photo). */
export async function makeJpeg(width: number, height: number, seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let s = seed * 2654435761 + 1;
  for (let i = 0; i < raw.length; i += 3) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const px = (i / 3) % width;
    const py = Math.floor(i / 3 / width);
    raw[i] = (px * 255) / width + (s & 31);
    raw[i + 1] = (py * 255) / height + ((s >> 5) & 31);
    raw[i + 2] = ((seed * 40) % 255) + ((s >> 10) & 31);
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
}

export async function makeSignaturePng(): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="140"><path d="M10 100 C 60 10, 110 130, 160 60 S 260 20, 300 90 S 360 120, 390 40" stroke="#123" stroke-width="4" fill="none"/></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

export async function makePhotos(count: number, edge = 320): Promise<ReportPdfPhoto[]> {
  const photos: ReportPdfPhoto[] = [];
  for (let i = 0; i < count; i += 1) {
    const jpeg = await makeJpeg(edge, Math.round(edge * 0.75), i + 1);
    photos.push({ sha256: `${(i + 1).toString(16).padStart(2, '0')}`.repeat(32), tag: TAGS[i % TAGS.length]!, caption: `Photo ${i + 1}: lamp housing, view ${i + 1}`, jpeg });
  }
  return photos;
}

export type SampleAssets = Readonly<{ photos: readonly ReportPdfPhoto[]; signaturePng: string; logoDataUrl: string }>;

export async function makeSampleAssets(photoCount = 6): Promise<SampleAssets> {
  const logo = await sharp({ create: { width: 240, height: 96, channels: 3, background: { r: 20, g: 70, b: 140 } } }).png().toBuffer();
  return { photos: await makePhotos(photoCount), signaturePng: await makeSignaturePng(), logoDataUrl: `data:image/png;base64,${logo.toString('base64')}` };
}

/** A complete, submitted report; `n` varies the numbers so a batch has distinct files. */
export function sampleReport(assets: SampleAssets, n = 1, overrides: Partial<ReportPdfData['report']> = {}): ReportPdfData {
  const number = `SR-2026-${String(n).padStart(6, '0')}`;
  return {
    letterhead: { organisationName: 'Lumen Cinema Services Ltd', logoDataUrl: assets.logoDataUrl, address: '12 Projection Way\nLeeds LS1 4AP', phone: '+44 113 496 0000', email: 'service@lumen.example' },
    report: {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      number,
      revision: 2,
      status: 'approved',
      submittedAt: '2026-03-05T16:10:00.000Z',
      reviewedAt: '2026-03-06T09:00:00.000Z',
      reviewedByName: 'Maria Manager',
      checkInAt: '2026-03-05T09:05:00.000Z',
      checkOutAt: '2026-03-05T12:35:00.000Z',
      diagnosis: 'Lamp failed to strike; igniter output below specification. Light engine running hot at 52 °C.',
      workPerformed: 'Replaced the lamp and igniter, cleaned the air filters and the light engine, updated firmware to 4.2.1.',
      testsPerformed: 'Colour calibration to DCI P3, 48 nits on screen; 2 hours soak test passed.',
      rootCause: 'Lamp past its rated hours; clogged filters raised the lamp house temperature.',
      resolution: 'Projector back in service, all tests passed.',
      parts: Array.from({ length: 10 }, (_, i) => ({
        partId: null,
        partNumber: `LMP-${4000 + i}`,
        description: i === 0 ? 'Xenon lamp 3 kW' : `Replacement part ${i + 1}`,
        quantity: (i % 3) + 1,
        fittedSerial: `FS${n}${String(i).padStart(4, '0')}`,
        removedSerial: i % 2 === 0 ? `RS${n}${String(i).padStart(4, '0')}` : '',
      })),
      timeSpentMinutes: 210,
      nextSteps: 'Replace the filters again at the next quarterly visit.',
      followUpNeeded: true,
      customerFeedback: 'Quick and tidy work, thank you.',
      satisfaction: 5,
      signature: { imagePng: assets.signaturePng, signerName: 'Γιώργος Παπαδόπουλος', signedAt: '2026-03-05T12:30:00.000Z' },
      noSignatureReason: '',
      ...overrides,
    },
    case: { number: `DTR-2026-${String(n).padStart(6, '0')}`, title: 'Screen 3 projector lamp will not strike', priority: 'high', status: 'resolved' },
    customer: { name: 'Кинотеатр «Заря»', code: 'ZARYA' },
    site: { name: 'Заря — Screen 3', address: 'ул. Ленина 10, Москва', contactName: 'Иван Петров', contactPhone: '+7 495 000 00 00' },
    projector: { serial: `SN-${100000 + n}`, model: 'DP4K-32B', manufacturer: 'Barco' },
    coverage: { warrantyEnd: '2025-12-31', inWarranty: false, contractEnd: '2027-06-30', underContract: true },
    visit: { date: '2026-03-05', start: '09:00', durationMinutes: 180 },
    engineerName: 'Dmitri Engineer',
    photos: assets.photos,
    timeZone: 'Europe/London',
  };
}
