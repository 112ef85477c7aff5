// How timeline entries read: a heading per kind of event (who did what), field changes as
// "Priority: P3 → P2" with names and labels instead of ids, and the delivery state of outgoing mail.
// Everything is plain text; an email body is never treated as HTML.
import type { TimelineEntry } from '../../../../shared/console-api.js';
import type { CaseEventData, FieldChange } from '../../../../shared/case-events.js';
import { CHANNELS, type Channel } from '../../../../shared/domain.js';
import { missingCase } from '../../../../shared/errors.js';
import { CHANNEL_LABELS, PENDING_NUMBER_LABEL } from '../cases/case-format.js';
import { FIELD_LABELS, formatConflictValue, type UserNames } from '../conflicts/conflict-format.js';

/** How an automatic assignment's mode reads on the timeline. */
const ASSIGNMENT_MODE_WORDS: Readonly<Record<string, string>> = { 'best-match': 'best match', 'round-robin': 'round robin', 'least-loaded': 'least loaded' };

const who = (entry: TimelineEntry) => entry.userName?.trim() || (entry.event.userId ? 'Someone' : 'Lamphouse');

export function entryHeading(entry: TimelineEntry): string {
  const { event } = entry;
  switch (event.kind) {
    case 'created': {
      const channel = (CHANNELS as readonly string[]).includes(event.data.channel) ? CHANNEL_LABELS[event.data.channel as Channel].toLowerCase() : event.data.channel;
      return event.userId ? `${who(entry)} created the case (${channel})` : `Case created from ${channel}`;
    }
    case 'changed':
      return `${who(entry)} changed ${event.data.changes.map((c) => fieldLabel(c.field).toLowerCase()).join(', ') || 'the case'}`;
    case 'deleted':
      return `${who(entry)} deleted the case`;
    case 'note':
      return `Note by ${who(entry)}`;
    case 'email_in':
      return `Email from ${senderLabel(event.data)}`;
    case 'email_out':
      return event.data.automatic ? `Automatic acknowledgement to ${event.data.to}` : `Reply by ${who(entry)} to ${event.data.to}`;
    case 'escalated':
      return 'Escalated to the managers of the region';
    case 'escalation_handled':
      return `${who(entry)} took on the escalation`;
    case 'auto_assigned':
      return `Assigned automatically (${ASSIGNMENT_MODE_WORDS[event.data.mode] ?? event.data.mode})`;
    case 'visit_scheduled':
      return `${who(entry)} scheduled a visit`;
    case 'visit_moved':
      return `${who(entry)} moved the visit`;
    case 'visit_cancelled':
      return `${who(entry)} cancelled the visit`;
    case 'report_submitted':
      return event.data.revision > 1
        ? `${who(entry)} resubmitted service report ${event.data.number} (revision ${event.data.revision})`
        : `${who(entry)} submitted service report ${event.data.number}`;
    case 'report_returned':
      return `${who(entry)} returned service report ${event.data.number} to the engineer`;
    case 'report_approved':
      return `${who(entry)} approved service report ${event.data.number}`;
    case 'case_resolved':
      return event.data.reportId ? 'Case resolved by the approved service report' : `${who(entry)} resolved the case`;
    case 'case_closed':
      return `${who(entry)} closed the case`;
    case 'case_reopened':
      return `${who(entry)} reopened the case`;
    default:
      return missingCase(event);
  }
}

/** "Tue 3 Mar 2026, 09:30 for 1 h 30 min": a visit's slot as people read it. */
export function visitSlot(data: Pick<CaseEventData['visit_scheduled'], 'date' | 'start' | 'durationMinutes'>): string {
  const [y, m, d] = data.date.split('-').map(Number);
  const day = y && m && d ? new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }) : data.date;
  return `${day}, ${data.start} for ${durationText(data.durationMinutes)}`;
}

export function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The detail line under a visit, report or resolution event (plain text; null for none). */
export function serviceEventDetail(entry: TimelineEntry, names: UserNames): string | null {
  const { event } = entry;
  const person = (id: string) => names.get(id) ?? 'an engineer';
  switch (event.kind) {
    case 'visit_scheduled':
      return `${person(event.data.engineerId)} · ${visitSlot(event.data)}`;
    case 'visit_moved': {
      const from = event.data.from;
      const before = `${from.engineerId === event.data.engineerId ? '' : `${person(from.engineerId)}, `}${from.date} ${from.start}`;
      return `${person(event.data.engineerId)} · ${visitSlot(event.data)} (was ${before})`;
    }
    case 'visit_cancelled':
      return event.data.reason ? `Reason: ${event.data.reason}` : null;
    case 'report_submitted':
      return null;
    case 'report_returned':
      return event.data.comment ? `Comment: ${event.data.comment}` : null;
    case 'report_approved':
      return event.data.comment ? `Comment: ${event.data.comment}` : null;
    case 'case_resolved':
      return `Resolved ${new Date(event.data.resolvedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`;
    case 'case_closed':
      return null;
    case 'case_reopened':
      return `Reason: ${event.data.reason}`;
    default:
      return null;
  }
}

export function senderLabel(data: Pick<CaseEventData['email_in'], 'from' | 'fromName'>): string {
  const name = data.fromName.trim();
  return name && name !== data.from ? `${name} <${data.from}>` : data.from;
}

export function fieldLabel(field: FieldChange['field']): string {
  return field === 'number' ? 'Case number' : FIELD_LABELS[field];
}

export type ChangeLine = Readonly<{ field: string; before: string; after: string }>;

/** One line per changed field, values as people read them. */
export function changeLines(changes: readonly FieldChange[], names: UserNames): ChangeLine[] {
  return changes.map((c) => {
    if (c.field === 'number') {
      const show = (v: unknown) => (typeof v === 'string' && v ? v : PENDING_NUMBER_LABEL);
      return { field: fieldLabel(c.field), before: show(c.before), after: show(c.after) };
    }
    return { field: fieldLabel(c.field), before: formatConflictValue(c.field, c.before, names), after: formatConflictValue(c.field, c.after, names) };
  });
}

export type DeliveryDisplay = Readonly<{ label: string; color: string }>;

export function deliveryDisplay(data: Pick<CaseEventData['email_out'], 'delivery' | 'error'>): DeliveryDisplay {
  switch (data.delivery) {
    case 'queued':
      return { label: 'Queued', color: 'yellow' };
    case 'sent':
      return { label: 'Sent', color: 'green' };
    case 'failed':
      return { label: data.error ? `Failed: ${data.error}` : 'Failed', color: 'red' };
  }
}

/** A file size people read: "12 KB", "3.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Oldest first; the order the core gives, made certain (ties by id, pending ones last). */
export function orderTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return [...entries].sort((a, b) => {
    if (a.pending !== b.pending) return a.pending ? 1 : -1;
    return a.event.at < b.event.at ? -1 : a.event.at > b.event.at ? 1 : a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0;
  });
}
