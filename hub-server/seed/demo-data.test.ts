import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCaseNumber } from '../../shared/case-number.js';
import { openSqliteRepository } from '../db/sqlite-repository.js';
import type { HubRepository } from '../db/repository.js';
import { verifyPassword } from '../auth/password.js';
import { makeTempDir, removeTempDir } from '../testing/temp-dir.js';
import { DEMO_PASSWORD, seedDemoData } from './demo-data.js';
import { resolveSettings } from '../../shared/settings.js';
import { dueAtOf, slaRulesOf } from '../domain/sla.js';

const NOW = Date.UTC(2026, 10, 28, 9);
const cleanups: (() => Promise<void>)[] = [];

async function freshRepo(): Promise<HubRepository> {
  const dir = makeTempDir();
  const repo = openSqliteRepository({ file: path.join(dir, 'hub.db') });
  cleanups.push(async () => {
    await repo.close();
    removeTempDir(dir);
  });
  return repo;
}

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((fn) => fn()));
});

describe('demo data', () => {
  it('creates the documented people, installed base and cases, all in the change log', async () => {
    const repo = await freshRepo();
    const summary = await seedDemoData(repo, () => NOW);
    expect(summary?.counts).toEqual({ users: 10, customers: 4, sites: 50, projectors: 500, cases: 100, caseEvents: 108, notifications: 1, parts: 26, visits: 2 });
    expect(summary?.accounts.map((a) => a.email)).toEqual([
      'admin@demo.test', 'manager@demo.test', 'agent@demo.test', 'agent2@demo.test',
      'fse1@demo.test', 'fse2@demo.test', 'fse3@demo.test', 'fse4@demo.test', 'fse5@demo.test', 'fse6@demo.test',
    ]);

    const data = await repo.read(async (tx) => ({
      head: await tx.headVersion(),
      changes: await tx.changesSince(0, 10_000),
      users: await tx.listRows('users'),
      sites: await tx.listRows('sites'),
      projectors: await tx.listRows('projectors'),
      cases: await tx.listRows('cases'),
      events: await tx.listRows('caseEvents'),
      notifications: await tx.listRows('notifications'),
      parts: await tx.listRows('parts'),
      visits: await tx.listRows('visits'),
      admin: await tx.findUserByEmail('admin@demo.test'),
    }));
    // 771 for people, installed base and cases; then 26 catalogue parts, 2 visits with their events.
    expect(data.head).toBe(801);
    expect(data.changes.map((c) => c.version)).toEqual(Array.from({ length: 801 }, (_, i) => i + 1));
    // Each row's version is the version of its own change-log entry.
    const byVersion = new Map(data.changes.map((c) => [c.version, c]));
    for (const row of [...data.users, ...data.sites, ...data.projectors, ...data.cases, ...data.events, ...data.notifications, ...data.parts, ...data.visits]) expect(byVersion.get(row.version)?.entityId).toBe(row.id);
    // Catalogue parts fit models of the demo installed base (or any model).
    const installed = new Set(data.projectors.map((p) => p.model));
    for (const part of data.parts) for (const model of part.models) expect(installed.has(model), `${part.partNumber} ${model}`).toBe(true);

    const fses = data.users.filter((u) => u.role === 'fse');
    for (const region of ['North', 'Central', 'South']) expect(fses.filter((u) => u.regions.includes(region))).toHaveLength(2);
    // Everyone has a phone and a usable password; engineers know some of the installed models.
    const models = new Set(data.projectors.map((p) => p.model));
    for (const user of data.users) {
      expect(user.phone).toMatch(/^\+44 \d{4} \d{6}$/);
      expect(user.mustChangePassword).toBe(false);
      if (user.role !== 'fse') expect(user.engineer).toBeNull();
      else {
        expect(user.engineer?.skills.length).toBeGreaterThanOrEqual(3);
        expect(user.engineer?.skills.every((skill) => models.has(skill))).toBe(true);
        expect(user.engineer?.dailyCapacity).toBeGreaterThanOrEqual(3);
      }
    }
    expect(new Set(data.sites.map((s) => s.region))).toEqual(new Set(['North', 'Central', 'South']));
    expect(new Set(data.projectors.map((p) => p.manufacturer))).toEqual(new Set(['Barco', 'Christie', 'NEC', 'Sony', 'Epson']));
    expect(data.projectors.every((p) => /^[A-Z]{3}-\d{4}-\d{5}$/.test(p.serial))).toBe(true);
    const today = new Date(NOW).toISOString().slice(0, 10);
    expect(data.projectors.some((p) => p.warrantyEnd < today)).toBe(true);
    expect(data.projectors.some((p) => p.warrantyEnd >= today)).toBe(true);

    const numbers = data.cases.map((c) => parseCaseNumber(c.number ?? '')?.sequence).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(data.cases.every((c) => c.number?.startsWith('DTR-2026-'))).toBe(true);
    expect(new Set(data.cases.map((c) => c.status)).size).toBeGreaterThanOrEqual(5);
    const assigned = data.cases.filter((c) => c.assigneeId);
    expect(assigned.length).toBeGreaterThan(20);
    expect(assigned.every((c) => fses.some((f) => f.id === c.assigneeId))).toBe(true);
    expect(data.cases.filter((c) => c.status === 'new').every((c) => c.assigneeId === null)).toBe(true);

    // Service contracts: some projectors have none, some ran out, some are running.
    expect(data.projectors.some((p) => p.contractEnd === null)).toBe(true);
    expect(data.projectors.some((p) => p.contractEnd !== null && p.contractEnd < today)).toBe(true);
    expect(data.projectors.some((p) => p.contractEnd !== null && p.contractEnd >= today)).toBe(true);

    // SLA histories agree with the cases, and the deadline is what computeSla derives from them.
    const rules = slaRulesOf(resolveSettings([]));
    const nowIso = new Date(NOW).toISOString();
    for (const row of data.cases) {
      expect(row.slaEvents[0]).toEqual({ at: row.createdAt, kind: 'created', priority: row.priority });
      if (row.channel === 'phone') expect(row.slaEvents).toContainEqual({ at: row.createdAt, kind: 'responded' });
      expect(row.slaEvents.some((e) => e.kind === 'resolved')).toBe(row.status === 'resolved' || row.status === 'closed');
      expect(row.slaEvents.some((e) => e.kind === 'paused')).toBe(row.waitingFor !== null);
      expect(row.slaDueAt).toBe(dueAtOf(row.slaEvents, rules, nowIso));
    }
    expect(data.cases.some((c) => c.waitingFor !== null)).toBe(true);
    expect(data.cases.filter((c) => c.status !== 'resolved' && c.status !== 'closed' && c.waitingFor === null).every((c) => c.slaDueAt !== null)).toBe(true);

    // Every case has its `created` event; a few have notes; one note mentions the manager, who is notified.
    const created = data.events.filter((e) => e.kind === 'created');
    expect(new Set(created.map((e) => e.caseId))).toEqual(new Set(data.cases.map((c) => c.id)));
    const notes = data.events.filter((e) => e.kind === 'note');
    expect(notes).toHaveLength(6);
    const manager = data.users.find((u) => u.role === 'manager');
    const mentioning = notes.filter((e) => e.kind === 'note' && e.data.mentions.length > 0);
    expect(mentioning).toHaveLength(1);
    expect(data.notifications).toEqual([expect.objectContaining({ userId: manager?.id, kind: 'mention', eventId: mentioning[0]?.id, caseId: mentioning[0]?.caseId, readAt: null })]);

    expect(data.admin && (await verifyPassword(DEMO_PASSWORD, data.admin.passwordHash))).toBe(true);
    // The counter continues after the seeded cases.
    expect(await repo.write((tx) => tx.nextCaseNumber(2026))).toBe(101);
  });

  it('is deterministic and only runs on an empty database', async () => {
    const a = await freshRepo();
    const b = await freshRepo();
    await seedDemoData(a, () => NOW);
    await seedDemoData(b, () => NOW);
    const snapshot = (repo: HubRepository) =>
      repo.read(async (tx) => ({
        users: await tx.listRows('users'),
        projectors: await tx.listRows('projectors'),
        cases: await tx.listRows('cases'),
        events: await tx.listRows('caseEvents'),
        notifications: await tx.listRows('notifications'),
      }));
    expect(await snapshot(a)).toEqual(await snapshot(b));
    expect(await seedDemoData(a, () => NOW)).toBeNull();
    expect(await a.read((tx) => tx.countRows('users'))).toBe(10);
  });
});
