import { describe, it, expect } from 'vitest';
import type { TimelineEntry } from '../../../../shared/console-api.js';
import type { CaseEventRow } from '../../../../shared/case-events.js';
import { changeLines, deliveryDisplay, durationText, entryHeading, fileSize, orderTimeline, senderLabel, serviceEventDetail } from './timeline-format.js';

const base = { caseId: '0190a000-0000-7000-8000-000000000001', at: '2026-03-02T09:00:00.000Z', userId: 'u1', version: 1 };
const entry = (event: CaseEventRow, userName: string | null = 'Sam Desk', pending = false): TimelineEntry => ({ event, userName, pending });
const ev = <E extends CaseEventRow>(e: Omit<E, 'caseId' | 'at' | 'userId' | 'version'> & Partial<CaseEventRow>): E => ({ ...base, ...e }) as unknown as E;

describe('timeline headings', () => {
  it('names who did what for every kind of event', () => {
    expect(entryHeading(entry(ev({ id: 'a', kind: 'created', data: { channel: 'phone', title: 'X' } })))).toBe('Sam Desk created the case (phone)');
    expect(entryHeading(entry(ev({ id: 'a', kind: 'created', userId: null, data: { channel: 'email', title: 'X' } }), null))).toBe('Case created from email');
    expect(entryHeading(entry(ev({ id: 'b', kind: 'changed', data: { changes: [{ field: 'priority', before: 'P3', after: 'P2' }, { field: 'assigneeId', before: null, after: 'u2' }] } })))).toBe(
      'Sam Desk changed priority, assignee',
    );
    expect(entryHeading(entry(ev({ id: 'c', kind: 'note', data: { text: 'hi', mentions: [] } })))).toBe('Note by Sam Desk');
    expect(entryHeading(entry(ev({ id: 'd', kind: 'escalated', userId: null, data: { reasons: ['P1'], notified: [] } }), null))).toBe('Escalated to the managers of the region');
    expect(entryHeading(entry(ev({ id: 'e', kind: 'escalation_handled', data: { note: '' } })))).toBe('Sam Desk took on the escalation');
    expect(entryHeading(entry(ev({ id: 'f', kind: 'auto_assigned', userId: null, data: { assigneeId: 'u2', mode: 'round-robin', reasons: [] } }), null))).toBe('Assigned automatically (round robin)');
    expect(entryHeading(entry(ev({ id: 'd', kind: 'deleted', data: { reason: '' } })))).toBe('Sam Desk deleted the case');
  });
  it('labels mail in and out, telling the automatic acknowledgement from a reply', () => {
    const mailIn = ev({ id: 'e', kind: 'email_in', userId: null, data: { from: 'pat@x.test', fromName: 'Pat', to: 'support@y.test', subject: 'S', text: 'T', messageId: 'm', attachments: [], notices: [] } });
    expect(entryHeading(entry(mailIn, null))).toBe('Email from Pat <pat@x.test>');
    const out = { to: 'pat@x.test', subject: 'Re: S', text: 'T', messageId: 'n', delivery: 'sent' as const, error: null };
    expect(entryHeading(entry(ev({ id: 'f', kind: 'email_out', userId: null, data: { ...out, automatic: true } }), null))).toBe('Automatic acknowledgement to pat@x.test');
    expect(entryHeading(entry(ev({ id: 'g', kind: 'email_out', data: { ...out, automatic: false } })))).toBe('Reply by Sam Desk to pat@x.test');
  });
  it('reads visits, service reports and the resolution of the case', () => {
    const names = new Map([['u2', 'Finn Field'], ['u3', 'Ola Other']]);
    const slot = { visitId: 'v', engineerId: 'u2', date: '2026-03-03', start: '09:30', durationMinutes: 90 };
    const scheduled = entry(ev({ id: 'h', kind: 'visit_scheduled', data: slot }));
    expect(entryHeading(scheduled)).toBe('Sam Desk scheduled a visit');
    expect(serviceEventDetail(scheduled, names)).toBe('Finn Field · Tue, 3 Mar 2026, 09:30 for 1 h 30 min');
    const moved = entry(ev({ id: 'i', kind: 'visit_moved', data: { ...slot, from: { engineerId: 'u3', date: '2026-03-02', start: '08:00' } } }));
    expect(entryHeading(moved)).toBe('Sam Desk moved the visit');
    expect(serviceEventDetail(moved, names)).toContain('(was Ola Other, 2026-03-02 08:00)');
    const cancelled = entry(ev({ id: 'j', kind: 'visit_cancelled', data: { visitId: 'v', reason: 'Site closed' } }));
    expect(serviceEventDetail(cancelled, names)).toBe('Reason: Site closed');
    const report = { reportId: 'r', number: 'SR-2026-000001' };
    expect(entryHeading(entry(ev({ id: 'k', kind: 'report_submitted', data: { ...report, revision: 1 } }), 'Finn Field'))).toBe('Finn Field submitted service report SR-2026-000001');
    expect(entryHeading(entry(ev({ id: 'k', kind: 'report_submitted', data: { ...report, revision: 2 } }), 'Finn Field'))).toBe('Finn Field resubmitted service report SR-2026-000001 (revision 2)');
    const returned = entry(ev({ id: 'l', kind: 'report_returned', data: { ...report, revision: 1, comment: 'Add the serials.' } }), 'Mia');
    expect(entryHeading(returned)).toBe('Mia returned service report SR-2026-000001 to the engineer');
    expect(serviceEventDetail(returned, names)).toBe('Comment: Add the serials.');
    expect(entryHeading(entry(ev({ id: 'm', kind: 'report_approved', data: { ...report, revision: 1, comment: '' } }), 'Mia'))).toBe('Mia approved service report SR-2026-000001');
    expect(entryHeading(entry(ev({ id: 'n', kind: 'case_resolved', userId: null, data: { reportId: 'r', resolvedAt: '2026-03-04T10:00:00.000Z' } }), null))).toBe('Case resolved by the approved service report');
    expect(entryHeading(entry(ev({ id: 'o', kind: 'case_closed', data: { closedAt: '2026-03-05T10:00:00.000Z' } }), 'Mia'))).toBe('Mia closed the case');
    const reopened = entry(ev({ id: 'p', kind: 'case_reopened', data: { reason: 'Fault is back' } }), 'Mia');
    expect(entryHeading(reopened)).toBe('Mia reopened the case');
    expect(serviceEventDetail(reopened, names)).toBe('Reason: Fault is back');
    expect(durationText(45)).toBe('45 min');
    expect(durationText(120)).toBe('2 h');
  });
  it('shows a bare address when the sender gave no other name', () => {
    expect(senderLabel({ from: 'a@b.test', fromName: '' })).toBe('a@b.test');
    expect(senderLabel({ from: 'a@b.test', fromName: 'a@b.test' })).toBe('a@b.test');
  });
});

describe('field changes', () => {
  it('reads values as labels and names, the number as pending until assigned', () => {
    const names = new Map([['u2', 'Fay Field']]);
    expect(
      changeLines(
        [
          { field: 'status', before: 'new', after: 'in_progress' },
          { field: 'assigneeId', before: null, after: 'u2' },
          { field: 'number', before: null, after: 'DTR-2026-000001' },
          { field: 'waitingFor', before: null, after: 'parts' },
        ],
        names,
      ),
    ).toEqual([
      { field: 'Status', before: 'New', after: 'In progress' },
      { field: 'Assignee', before: 'Unassigned', after: 'Fay Field' },
      { field: 'Case number', before: 'pending', after: 'DTR-2026-000001' },
      { field: 'Waiting for', before: 'Nothing', after: 'Parts' },
    ]);
  });
});

describe('outgoing mail', () => {
  it('shows queued, sent and failed with its error', () => {
    expect(deliveryDisplay({ delivery: 'queued', error: null })).toEqual({ label: 'Queued', color: 'yellow' });
    expect(deliveryDisplay({ delivery: 'sent', error: null }).color).toBe('green');
    expect(deliveryDisplay({ delivery: 'failed', error: '550 no such user' })).toEqual({ label: 'Failed: 550 no such user', color: 'red' });
  });
  it('reads sizes', () => {
    expect(fileSize(100)).toBe('1 KB');
    expect(fileSize(3.4 * 1024 * 1024)).toBe('3.4 MB');
  });
});

describe('timeline order', () => {
  it('runs oldest to newest with pending entries last', () => {
    const note = (id: string, at: string) => ev({ id, kind: 'note', at, data: { text: id, mentions: [] } });
    const list = [entry(note('p', '2026-03-02T08:00:00Z'), 'A', true), entry(note('b', '2026-03-02T10:00:00Z')), entry(note('a', '2026-03-02T09:00:00Z'))];
    expect(orderTimeline(list).map((e) => e.event.id)).toEqual(['a', 'b', 'p']);
  });
});
