// Visits, service reports and report photos go where their case goes (like its timeline); the
// parts catalogue goes to everyone. Checked over real /sync sockets: live, on reassignment, and in
// a fresh bootstrap.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeFields } from '../testing/service-kit.js';
import { CacheClient, createWorld, createWorldCase, type World } from '../testing/sync-world.js';

let world: World;
let admin: CacheClient;
let fse1: CacheClient;
let fse2: CacheClient;
let manager: CacheClient;

const started = async (user: 'admin' | 'fse1' | 'fse2' | 'managerNorth') => {
  const client = new CacheClient(await world.client());
  await client.start((await world.login(user)).accessToken);
  return client;
};

beforeAll(async () => {
  world = await createWorld();
  admin = await started('admin');
  fse1 = await started('fse1');
  fse2 = await started('fse2');
  manager = await started('managerNorth');
}, 60_000);

const head = () => world.hub.repo.read((tx) => tx.headVersion());

afterAll(async () => {
  await world.close();
});

describe('service rows in sync', () => {
  it('delivers a case\'s visit, report and photo only to who sees the case, and brings them along on reassignment', async () => {
    const row = await createWorldCase(admin, world.projectors.n1a, world.userIds.fse1);
    const visitId = crypto.randomUUID();
    const scheduled = await admin.push('scheduleVisit', { id: visitId, caseId: row.id, engineerId: world.userIds.fse1, date: '2026-03-04', start: '09:00', durationMinutes: 60 });
    expect(scheduled.ok).toBe(true);
    const reportId = crypto.randomUUID();
    expect((await fse1.push('saveServiceReport', { id: reportId, caseId: row.id, visitId, fields: completeFields() })).ok).toBe(true);
    const photoId = crypto.randomUUID();
    const photo = await fse1.push('addReportPhoto', { id: photoId, reportId, tag: 'after', sha256: 'c'.repeat(64), thumbSha256: 'd'.repeat(64), bytes: 10, width: 4, height: 3 });
    expect(photo.ok).toBe(true);
    const at = await head();
    await admin.until(at);
    await fse2.until(at);
    await manager.until(at);
    for (const client of [admin, fse1, manager]) {
      expect(client.row('visits', visitId)).toBeDefined();
      expect(client.row('serviceReports', reportId)).toBeDefined();
      expect(client.row('reportPhotos', photoId)).toBeDefined();
    }
    expect(fse2.ids('visits')).not.toContain(visitId);
    expect(fse2.ids('serviceReports')).not.toContain(reportId);
    expect(fse2.ids('reportPhotos')).not.toContain(photoId);

    // Reassigned to fse2: the case arrives with its visit, report and photo.
    expect((await admin.push('updateCase', { id: row.id, patch: { assigneeId: world.userIds.fse2 } })).ok).toBe(true);
    await fse2.until(await head());
    expect(fse2.row('visits', visitId)).toBeDefined();
    expect(fse2.row('serviceReports', reportId)).toBeDefined();
    expect(fse2.row('reportPhotos', photoId)).toBeDefined();

    // A fresh bootstrap gives the same picture.
    const fresh1 = await started('fse1');
    expect(fresh1.ids('serviceReports')).not.toContain(reportId);
    const fresh2 = await started('fse2');
    expect(fresh2.ids('serviceReports')).toContain(reportId);
    expect(fresh2.ids('visits')).toContain(visitId);
    expect(fresh2.ids('reportPhotos')).toContain(photoId);
    await fresh1.c.close();
    await fresh2.c.close();

    // A removed photo is removed everywhere it went.
    expect((await fse2.push('removeReportPhoto', { id: photoId })).ok).toBe(false); // fse2 is not the report's engineer
    expect((await admin.push('removeReportPhoto', { id: photoId })).ok).toBe(true);
    const removedAt = await head();
    await fse2.until(removedAt);
    await manager.until(removedAt);
    expect(fse2.row('reportPhotos', photoId)).toBeUndefined();
    expect(manager.row('reportPhotos', photoId)).toBeUndefined();
  }, 30_000);

  it('keeps a South case\'s visits from a North manager', async () => {
    const row = await createWorldCase(admin, world.projectors.s, world.userIds.fse1);
    const visitId = crypto.randomUUID();
    expect((await admin.push('scheduleVisit', { id: visitId, caseId: row.id, engineerId: world.userIds.fse1, date: '2026-03-05', start: '11:00', durationMinutes: 45 })).ok).toBe(true);
    const at = await head();
    await manager.until(at);
    await fse1.until(at);
    expect(manager.ids('visits')).not.toContain(visitId);
    expect(fse1.row('visits', visitId)).toBeDefined();
  }, 30_000);

  it('sends catalogue parts to everyone, live and in a bootstrap', async () => {
    const partId = crypto.randomUUID();
    expect((await admin.push('savePart', { id: partId, partNumber: 'LMP-SYNC-1', description: 'Lamp module', models: ['SP4K-25'] })).ok).toBe(true);
    await fse2.until(await head());
    expect(fse2.row('parts', partId)).toMatchObject({ partNumber: 'LMP-SYNC-1' });
    const fresh = await started('fse1');
    expect(fresh.ids('parts')).toContain(partId);
    await fresh.c.close();
  }, 30_000);
});
