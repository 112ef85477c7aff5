// Test helper: a real SQLite hub database in a temp folder with a few users and installed-base rows.
import crypto from 'node:crypto';
import path from 'node:path';
import type { PublicUser, Role } from '../../shared/domain.js';
import type { CreateCaseArgs } from '../../shared/domain.js';
import { hashPassword } from '../auth/password.js';
import { toPublicUser } from '../auth/auth-service.js';
import type { HubRepository } from '../db/repository.js';
import { openSqliteRepository } from '../db/sqlite-repository.js';
import { insertUsersWithChanges } from '../domain/users.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

export const TEST_PASSWORD = 'correct horse battery';

export type TestDb = {
  dir: string;
  repo: HubRepository;
  users: Record<Role, PublicUser>;
  projector: { id: string; serial: string; siteId: string; customerId: string };
  cleanup(): Promise<void>;
};

let sharedHash: Promise<string> | null = null;

/** Opens a migrated database with one user per role and one customer → site → projector. */
export async function createTestDb(): Promise<TestDb> {
  const dir = makeTempDir();
  const repo = openSqliteRepository({ file: path.join(dir, 'hub.db') });
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await sharedHash;
  const now = '2026-03-01T09:00:00.000Z';
  const customerId = crypto.randomUUID();
  const siteId = crypto.randomUUID();
  const projectorId = crypto.randomUUID();
  const records = await repo.write(async (tx) => {
    const users = await insertUsersWithChanges(
      tx,
      (['admin', 'manager', 'agent', 'fse'] as const).map((role) => ({ email: `${role}@test.test`, name: `Test ${role}`, role, regions: ['North'], passwordHash })),
      now,
    );
    const versions = [await tx.allocateVersion(), await tx.allocateVersion(), await tx.allocateVersion()] as const;
    const customer = { id: customerId, name: 'Test Cinemas', code: 'TST', version: versions[0] };
    const site = { id: siteId, customerId, name: 'Test Site', address: '1 Test Road', region: 'North', accessNotes: '', contactName: 'Pat', contactPhone: '+44 1', contactEmail: '', version: versions[1] };
    const projector = { id: projectorId, serial: 'BRX-2201-04312', model: 'SP4K-25', manufacturer: 'Barco', siteId, installDate: '2022-01-10', warrantyStart: null, warrantyEnd: '2027-01-10', contractEnd: null, version: versions[2] };
    await tx.insertCustomers([customer]);
    await tx.insertSites([site]);
    await tx.insertProjectors([projector]);
    const entry = (version: number, entity: 'customers' | 'sites' | 'projectors', row: { id: string }) => ({
      version, entity, entityId: row.id, op: 'put' as const, before: null, after: row, userId: null, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: now,
    });
    await tx.appendChanges([entry(versions[0], 'customers', customer), entry(versions[1], 'sites', site), entry(versions[2], 'projectors', projector)]);
    return users;
  });
  const byRole = Object.fromEntries(records.map((r) => [r.role, toPublicUser(r)])) as Record<Role, PublicUser>;
  return {
    dir,
    repo,
    users: byRole,
    projector: { id: projectorId, serial: 'BRX-2201-04312', siteId, customerId },
    async cleanup() {
      await repo.close();
      removeTempDir(dir);
    },
  };
}

export function newCaseArgs(overrides: Partial<CreateCaseArgs> = {}): CreateCaseArgs {
  return {
    id: crypto.randomUUID(),
    serial: 'XYZ-0000-00001',
    projectorId: null,
    siteId: null,
    customerId: null,
    contactName: 'Robin Quinn',
    contactPhone: '+44 1234 567890',
    contactEmail: 'robin@example.com',
    channel: 'phone',
    title: 'No image on screen 3',
    description: 'Black screen, sound OK.',
    priority: 'P2',
    severity: 'major',
    ...overrides,
  };
}
