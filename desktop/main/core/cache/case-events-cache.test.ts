// Case events and notifications as synced entities in the cache: stored by bootstrap and changes,
// and removed with their case (a `del` change, a purge, a bootstrap without the case), including
// events that arrive in the same frame as the delete.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { CaseEventRow, NotificationRow } from '../../../../shared/case-events.js';
import type { Change } from '../../../../shared/sync/protocol.js';
import { applyBootstrap, applyChanges } from '../rebase.js';
import { AGENT, AGENT_ROW, CUSTOMERS, PROJECTORS, SITES, confirmedCase, tempDataDir } from '../testing/fixtures.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache-db.js';
import { caseEvents, notifications } from './schema.js';

const ctx = { userId: AGENT.id, now: '2026-02-01T10:00:00.000Z' };
const A = '01900000-0000-7000-8000-00000000ca5a';
const B = '01900000-0000-7000-8000-00000000ca5b';
const evId = (n: number) => `01900000-0000-7000-8000-0000000e0${String(n).padStart(3, '0')}`;

const note = (n: number, caseId: string, version: number): CaseEventRow => ({
  id: evId(n),
  caseId,
  kind: 'note',
  at: `2026-01-1${n}T09:00:00.000Z`,
  userId: AGENT.id,
  data: { text: `note ${n}`, mentions: [] },
  version,
});
const mention: NotificationRow = { id: evId(900), userId: AGENT.id, kind: 'mention', caseId: A, eventId: evId(1), actorId: null, text: 'hi', createdAt: '2026-01-11T09:00:00.000Z', readAt: null, version: 5 };

describe('case events in the cache', () => {
  let dir = '';
  let db: WritableDb;
  const eventIds = () => db.select({ id: caseEvents.id }).from(caseEvents).all().map((r) => r.id).sort();
  beforeEach(() => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    applyBootstrap(
      db,
      { users: [AGENT_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(A, 5), confirmedCase(B, 5)], caseEvents: [note(1, A, 5), note(2, A, 5), note(3, B, 5)], notifications: [mention] },
      { epoch: 'e1', version: 5 },
      ctx,
    );
  });
  afterEach(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores events and notifications from the bootstrap, with their JSON data', () => {
    expect(db.select().from(caseEvents).all()).toHaveLength(3);
    expect(db.select().from(caseEvents).all().find((e) => e.id === evId(1))).toEqual(note(1, A, 5));
    expect(db.select().from(notifications).all()).toEqual([mention]);
  });

  it('removes the events of a deleted case, even those arriving in the same frame, and reports caseEvents', () => {
    const changes: Change[] = [
      { version: 6, entity: 'caseEvents', id: evId(4), op: 'put', row: note(4, A, 6) },
      { version: 6, entity: 'cases', id: A, op: 'del' },
      { version: 6, entity: 'caseEvents', id: evId(5), op: 'put', row: note(5, B, 6) },
    ];
    const entities = applyChanges(db, changes, { epoch: 'e1', version: 6 }, ctx);
    expect(eventIds()).toEqual([evId(3), evId(5)]);
    expect(entities).toEqual(expect.arrayContaining(['cases', 'caseEvents']));
    // The notification about the case stays (it is the user's); the centre labels it by id.
    expect(db.select().from(notifications).all()).toHaveLength(1);
  });

  it('keeps the events of a case deleted and put back in one frame', () => {
    applyChanges(
      db,
      [
        { version: 6, entity: 'cases', id: A, op: 'del' },
        { version: 7, entity: 'cases', id: A, op: 'put', row: confirmedCase(A, 7) },
      ],
      { epoch: 'e1', version: 7 },
      ctx,
    );
    expect(eventIds()).toEqual([evId(1), evId(2), evId(3)]);
  });

  it('a bootstrap without a case (purged from the view) leaves none of its events, even if the hub sent some', () => {
    applyBootstrap(
      db,
      { users: [AGENT_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(B, 5)], caseEvents: [note(1, A, 5), note(3, B, 5)] },
      { epoch: 'e1', version: 9 },
      ctx,
    );
    expect(eventIds()).toEqual([evId(3)]);
    expect(db.select().from(notifications).all()).toEqual([]);
  });
});
