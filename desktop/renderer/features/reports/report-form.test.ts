import { describe, it, expect } from 'vitest';
import { reportFieldsSchema, type ReportFields } from '../../../../shared/service.js';
import {
  EMPTY_FORM,
  base64OfDataUrl,
  canvasPoint,
  chunkBase64,
  chunkProgressText,
  entryProblems,
  exportProgressText,
  fieldsFromForm,
  formFromFields,
  formSubmitProblems,
  fromLocalInput,
  isSignature,
  minutesBetween,
  newPartLine,
  orderedProblems,
  parseMinutes,
  sameFields,
  saveStateText,
  strokePath,
  toLocalInput,
  type ReportForm,
} from './report-form.js';
import { reportTitle, uploadPercent, uploadQueueText } from './report-format.js';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

const complete: ReportForm = {
  ...EMPTY_FORM,
  checkIn: '2026-03-03T09:30',
  checkOut: '2026-03-03T11:00',
  diagnosis: 'Lamp failed',
  workPerformed: 'Replaced lamp',
  resolution: 'Image back',
  timeSpent: '1:30',
  signaturePng: PNG,
  signedAt: '2026-03-03T11:00:00.000Z',
  signerName: 'Pat Projectionist',
  parts: [newPartLine({ partId: null, partNumber: 'LMP-1', description: 'Lamp', quantity: 2, fittedSerial: 'F1', removedSerial: 'R1' })],
};

describe('form ↔ report fields', () => {
  it('turns a complete form into valid fields and back without loss', () => {
    const fields = fieldsFromForm(complete);
    expect(reportFieldsSchema.safeParse(fields).success).toBe(true);
    expect(fields.timeSpentMinutes).toBe(90);
    expect(fields.signature).toEqual({ imagePng: PNG, signerName: 'Pat Projectionist', signedAt: '2026-03-03T11:00:00.000Z' });
    expect(fields.parts).toEqual([{ partId: null, partNumber: 'LMP-1', description: 'Lamp', quantity: 2, fittedSerial: 'F1', removedSerial: 'R1' }]);
    const back = formFromFields(fields);
    expect(sameFields(back, complete)).toBe(true);
    expect(back.checkIn).toBe('2026-03-03T09:30');
  });

  it('saves an incomplete draft: blank part rows and an unnamed signature are kept out, not refused', () => {
    const draft: ReportForm = { ...EMPTY_FORM, diagnosis: '  x ', parts: [newPartLine()], signaturePng: PNG };
    const fields = fieldsFromForm(draft);
    expect(reportFieldsSchema.safeParse(fields).success).toBe(true);
    expect(fields.parts).toEqual([]);
    expect(fields.signature).toBeNull();
    expect(fields.diagnosis).toBe('x');
    expect(entryProblems(draft)).toEqual({ signerName: 'Enter the name of the person who signed.' });
  });

  it('drops the no-signature reason once there is a signature', () => {
    expect(fieldsFromForm({ ...complete, noSignatureReason: 'Left early' }).noSignatureReason).toBe('');
    expect(fieldsFromForm({ ...complete, signaturePng: null, noSignatureReason: 'Left early' }).noSignatureReason).toBe('Left early');
  });

  it('reads local times back as the same wall clock time', () => {
    const iso = fromLocalInput('2026-07-01T08:05');
    expect(iso).not.toBeNull();
    expect(toLocalInput(iso)).toBe('2026-07-01T08:05');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });

  it('reads time spent as minutes, hours and minutes, or hours', () => {
    expect(parseMinutes('90')).toBe(90);
    expect(parseMinutes('1:30')).toBe(90);
    expect(parseMinutes('2h')).toBe(120);
    expect(parseMinutes('1h 15')).toBe(75);
    expect(parseMinutes('1.5h')).toBe(90);
    expect(parseMinutes('')).toBeNull();
    expect(parseMinutes('soon')).toBeNull();
    expect(minutesBetween('2026-03-03T09:30', '2026-03-03T11:00')).toBe(90);
    expect(minutesBetween('2026-03-03T11:00', '2026-03-03T09:30')).toBeNull();
  });
});

describe('submit problems next to each field', () => {
  it('names every missing required field of an empty form, in form order', () => {
    const problems = formSubmitProblems(EMPTY_FORM);
    expect(Object.keys(problems).sort()).toEqual(['checkInAt', 'checkOutAt', 'diagnosis', 'resolution', 'signature', 'timeSpentMinutes', 'workPerformed'].sort());
    expect(orderedProblems(problems)[0]).toBe('Record when you arrived (check in).');
  });

  it('has nothing to say about a complete report (photos still uploading do not block: the console sends the submission after them)', () => {
    expect(formSubmitProblems(complete)).toEqual({});
  });

  it('blocks when check-out is before check-in', () => {
    expect(formSubmitProblems({ ...complete, checkOut: '2026-03-03T08:00' }).checkOutAt).toBe('Check-out must be after check-in.');
  });

  it('asks for the signer name instead of a signature when one was drawn without a name', () => {
    const problems = formSubmitProblems({ ...complete, signerName: '' });
    expect(problems).toEqual({ signerName: 'Enter the name of the person who signed.' });
  });

  it('accepts a reason instead of a signature', () => {
    expect(formSubmitProblems({ ...complete, signaturePng: null, signerName: '', noSignatureReason: 'Customer left before the end' })).toEqual({});
  });

  it('puts part row problems on the row', () => {
    const form: ReportForm = { ...complete, parts: [newPartLine({ description: 'Fan', quantity: 0 })] };
    expect(formSubmitProblems(form)).toEqual({ 'parts.0.partNumber': 'Enter the part number.', 'parts.0.quantity': 'From 1 to 999.' });
  });

  it('catches unreadable time spent', () => {
    expect(formSubmitProblems({ ...complete, timeSpent: 'a while' }).timeSpentMinutes).toBe('Enter minutes (90) or hours and minutes (1:30).');
  });

  it('maps length limits of the shared schema to their field', () => {
    const long: ReportFields = { ...fieldsFromForm(complete), diagnosis: 'x'.repeat(10_001) };
    expect(formSubmitProblems(formFromFields(long)).diagnosis).toMatch(/at most 10000/);
  });
});

describe('autosave indicator', () => {
  const base = { dirty: false, saving: false, error: null, saved: true, pending: false, online: true };
  it('tells saved locally from synced', () => {
    expect(saveStateText(base)).toEqual({ text: 'Synced', color: 'green' });
    expect(saveStateText({ ...base, pending: true, online: false }).text).toBe('Saved locally (offline): syncs when the network is back');
    expect(saveStateText({ ...base, pending: true }).text).toBe('Saved locally, syncing…');
    expect(saveStateText({ ...base, saving: true }).text).toBe('Saving…');
    expect(saveStateText({ ...base, dirty: true }).text).toBe('Unsaved changes');
    expect(saveStateText({ ...base, error: 'Disk full' }).text).toBe('Not saved: Disk full');
  });
});

describe('photo chunks and progress', () => {
  it('splits base64 into whole 4-character groups no larger than the limit, and joins back', () => {
    const data = 'QUJD'.repeat(1000) + 'RA==';
    const chunks = chunkBase64(data, 10);
    expect(chunks.every((c) => c.length <= 8 && c.length % 4 === 0)).toBe(true);
    expect(chunks.join('')).toBe(data);
    expect(chunkBase64('QUJD', 700_000)).toEqual(['QUJD']);
    expect(chunkBase64('', 700_000)).toEqual(['']);
    expect(() => chunkBase64('QUJD', 3)).toThrow();
    expect(base64OfDataUrl('data:image/jpeg;base64,AAAA')).toBe('AAAA');
  });

  it('says how far an upload and an export are', () => {
    expect(chunkProgressText('a.jpg', 3, 5)).toBe('Sending a.jpg to the console: 3 of 5 parts (60%)');
    expect(exportProgressText(null)).toBe('Starting the export…');
    expect(exportProgressText({ done: 120, total: 1000, etaSeconds: 40 })).toBe('Exporting PDFs: 120 of 1,000 (12%), about 40 seconds left');
    expect(exportProgressText({ done: 5, total: null, etaSeconds: null })).toBe('Exporting PDFs: 5 done');
    expect(exportProgressText({ done: 1, total: 1000, etaSeconds: 130 })).toBe('Exporting PDFs: 1 of 1,000 (0%), about 3 minutes left');
  });

  it('describes the upload queue, offline or sending', () => {
    const idle = { queued: 0, bytesQueued: 0, current: null, lastError: null };
    expect(uploadQueueText(idle, true)).toBeNull();
    expect(uploadQueueText({ ...idle, queued: 3, bytesQueued: 3_000_000 }, false)).toBe('3 photos waiting for the network.');
    expect(uploadQueueText({ ...idle, queued: 1, bytesQueued: 1 }, true)).toBe('1 photo waiting to upload.');
    const sending = { queued: 2, bytesQueued: 2 * 1024 * 1024, current: { photoId: 'p', bytesSent: 50, bytesTotal: 200 }, lastError: null };
    expect(uploadQueueText(sending, true)).toBe('Sending photos to the hub: 25% of the current one, 2 photos (2.0 MB) in the queue.');
    expect(uploadPercent(sending)).toBe(25);
    expect(uploadPercent(idle)).toBeNull();
  });

  it('titles reports by number and revision', () => {
    expect(reportTitle({ number: null, revision: 0 })).toBe('Draft service report');
    expect(reportTitle({ number: 'SR-2026-000001', revision: 1 })).toBe('SR-2026-000001');
    expect(reportTitle({ number: 'SR-2026-000001', revision: 3 })).toBe('SR-2026-000001 (revision 3)');
  });
});

describe('signature strokes', () => {
  it('maps pointer positions to canvas pixels when the canvas is scaled', () => {
    expect(canvasPoint(150, 60, { left: 100, top: 50, width: 300, height: 100 }, 600, 200)).toEqual({ x: 100, y: 20 });
  });

  it('draws a dot, a line, and smooth curves through the midpoints', () => {
    expect(strokePath([])).toBe('');
    expect(strokePath([{ x: 1, y: 2 }])).toBe('M 1 2 L 1.1 2');
    expect(strokePath([{ x: 0, y: 0 }, { x: 10, y: 0 }])).toBe('M 0 0 L 10 0');
    expect(strokePath([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 0 }, { x: 30, y: 10 }])).toBe('M 0 0 Q 10 10 15 5 Q 20 0 25 5 L 30 10');
  });

  it('does not count a stray tap as a signature', () => {
    expect(isSignature([[{ x: 0, y: 0 }]])).toBe(false);
    expect(isSignature([[{ x: 0, y: 0 }, { x: 20, y: 0 }], [{ x: 0, y: 10 }, { x: 20, y: 10 }]])).toBe(true);
  });
});
