// Human case numbers (DTR-2026-000123): assigned by the hub in order, per calendar year.

const CASE_NUMBER_PATTERN = /^DTR-(\d{4})-(\d{6})$/;

export function formatCaseNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Case year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`Case sequence out of range: ${sequence}`);
  }
  return `DTR-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseCaseNumber(text: string): { year: number; sequence: number } | null {
  const match = CASE_NUMBER_PATTERN.exec(text.trim().toUpperCase());
  if (!match) return null;
  const sequence = Number(match[2]);
  return sequence === 0 ? null : { year: Number(match[1]), sequence };
}
