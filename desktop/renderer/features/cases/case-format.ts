// How cases read on screen: labels, dates, warranty state. Pure so wording is tested once.
import { CASE_STATUS_LABELS, type CaseStatus, type Channel, type Severity } from '../../../../shared/domain.js';

export const PENDING_NUMBER_LABEL = 'pending';

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = { critical: 'Critical', major: 'Major', minor: 'Minor', low: 'Low' };
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = { phone: 'Phone', email: 'Email', other: 'Other' };

export function statusLabel(status: CaseStatus): string {
  return CASE_STATUS_LABELS[status];
}

/** "DTR-2026-000123 · Lamp flickers", or "New case (pending) · …" before the hub numbers it. */
export function caseLabel(number: string | null, title: string): string {
  return `${number ?? 'New case (number pending)'} · ${title}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date and time as "2026-03-01 14:05": unambiguous for a support desk in any locale. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export type WarrantyState = Readonly<{ inWarranty: boolean; label: string }>;

/** Warranty from its end date (YYYY-MM-DD, inclusive) compared with today's local date. */
export function warrantyState(warrantyEnd: string | null, today: Date): WarrantyState | null {
  if (!warrantyEnd || !/^\d{4}-\d{2}-\d{2}$/.test(warrantyEnd)) return null;
  const todayText = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  return warrantyEnd >= todayText
    ? { inWarranty: true, label: `In warranty until ${warrantyEnd}` }
    : { inWarranty: false, label: `Out of warranty since ${warrantyEnd}` };
}
