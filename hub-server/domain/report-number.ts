// Service report numbers: SR-<year>-<6 digits>, handed out by the hub on first submission.
export function formatReportNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Report year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new RangeError(`Report sequence out of range: ${sequence}`);
  return `SR-${year}-${String(sequence).padStart(6, '0')}`;
}
