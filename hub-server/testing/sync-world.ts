// Test helper: a hub database prepared with people in two regions and an installed base, then a
// real hub started on it (port 0), plus a /sync client that keeps a cache the way a console would.
import crypto from 'node:crypto';
import path from 'node:path';
import type { CaseRow, Projector, Role, Site, TokenPair } from '../../shared/domain.js';
import type { EntityName } from '../../shared/sync/entities.js';
import type { Cursor, MutationResult, ServerMessage } from '../../shared/sync/protocol.js';
import type { MutationName } from '../../shared/sync/mutations.js';
import type { ChangeLogEntry } from '../db/repository.js';
import { hashPassword } from '../auth/password.js';
import { openSqliteRepository } from '../db/sqlite-repository.js';
import { insertUsersWithChanges } from '../domain/users.js';
import { silentLogger, type HubLogger } from '../logger.js';
import { startHub, type RunningHub } from '../server.js';
import { newCaseArgs, TEST_PASSWORD } from './fixtures.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';
import { connectSync, type TestSyncClient } from './ws-client.js';

export const WORLD_USERS = {
  admin: { role: 'admin', regions: [] },
  agent: { role: 'agent', regions: [] },
  managerNorth: { role: 'manager', regions: ['North'] },
  fse1: { role: 'fse', regions: ['North'] },
  fse2: { role: 'fse', regions: ['North'] },
} as const satisfies Record<string, { role: Role; regions: readonly string[] }>;
export type WorldUser = keyof typeof WORLD_USERS;

export type World = {
  dir: string;
  hub: RunningHub;
  userIds: Record<WorldUser, string>;
  sites: Record<'north1' | 'north2' | 'south', Site>;
  projectors: Record<'n1a' | 'n1b' | 'n2' | 's', Projector>;
  login(user: WorldUser): Promise<TokenPair>;
  /** Signs in with any email and password; throws unless it succeeds. */
  loginAs(email: string, password: string, clientName?: string): Promise<TokenPair>;
  client(): Promise<TestSyncClient>;
  close(): Promise<void>;
};

let hashed: Promise<string> | null = null;

/** Seeds users and the installed base (with change-log entries), then starts a hub on it. */
export async function createWorld(extra?: (repo: ReturnType<typeof openSqliteRepository>) => Promise<void>, options: Readonly<{ log?: HubLogger }> = {}): Promise<World> {
  const dir = makeTempDir();
  hashed ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await hashed;
  const now = '2026-03-01T09:00:00.000Z';
  const repo = openSqliteRepository({ file: path.join(dir, 'hub.db') });
  const customerId = crypto.randomUUID();
  const site = (name: string, region: string, version: number): Site => ({
    id: crypto.randomUUID(), customerId, name, address: `1 ${name} Road`, region, accessNotes: '', contactName: 'Pat', contactPhone: '+44 1', contactEmail: '', version,
  });
  const projector = (serial: string, siteId: string, version: number): Projector => ({ id: crypto.randomUUID(), serial, model: 'SP4K-25', manufacturer: 'Barco', siteId, installDate: '2022-01-10', warrantyStart: null, warrantyEnd: '2027-01-10', contractEnd: null, version });
  const seeded = await repo.write(async (tx) => {
    const names = Object.keys(WORLD_USERS) as WorldUser[];
    const users = await insertUsersWithChanges(tx, names.map((name) => ({ email: `${name.toLowerCase()}@world.test`, name, ...WORLD_USERS[name], passwordHash })), now);
    const entries: ChangeLogEntry[] = [];
    const log = (entity: EntityName, row: { id: string; version: number }) =>
      entries.push({ version: row.version, entity, entityId: row.id, op: 'put', before: null, after: row, userId: null, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: now });
    const customer = { id: customerId, name: 'World Cinemas', code: 'WLD', version: await tx.allocateVersion() };
    log('customers', customer);
    const sites = { north1: site('North One', 'North', await tx.allocateVersion()), north2: site('North Two', 'North', await tx.allocateVersion()), south: site('South', 'South', await tx.allocateVersion()) };
    Object.values(sites).forEach((s) => log('sites', s));
    const projectors = {
      n1a: projector('N1-A', sites.north1.id, await tx.allocateVersion()),
      n1b: projector('N1-B', sites.north1.id, await tx.allocateVersion()),
      n2: projector('N2', sites.north2.id, await tx.allocateVersion()),
      s: projector('S', sites.south.id, await tx.allocateVersion()),
    };
    Object.values(projectors).forEach((p) => log('projectors', p));
    await tx.insertCustomers([customer]);
    await tx.insertSites(Object.values(sites));
    await tx.insertProjectors(Object.values(projectors));
    await tx.appendChanges(entries);
    return { userIds: Object.fromEntries(users.map((u) => [u.name, u.id])) as Record<WorldUser, string>, sites, projectors };
  });
  if (extra) await extra(repo);
  await repo.close();
  const hub = await startHub({ dataDir: dir, port: 0, host: '127.0.0.1', log: options.log ?? silentLogger, jwtSecret: 'w'.repeat(40) });
  const syncUrl = `${hub.url.replace('http', 'ws')}/sync`;
  const clients: TestSyncClient[] = [];
  const loginAs = async (email: string, password: string, clientName?: string): Promise<TokenPair> => {
    const res = await fetch(`${hub.url}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password, clientName }) });
    const body = (await res.json()) as { ok: boolean; value: TokenPair };
    if (!body.ok) throw new Error(`login failed for ${email}`);
    return body.value;
  };
  return {
    dir,
    hub,
    ...seeded,
    login: (user) => loginAs(`${user.toLowerCase()}@world.test`, TEST_PASSWORD),
    loginAs,
    async client() {
      const c = await connectSync(syncUrl);
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await hub.close();
      removeTempDir(dir);
    },
  };
}

/** A console's view of the hub: rows per entity, applied from bootstrap and change frames. */
export class CacheClient {
  readonly rows = new Map<EntityName, Map<string, { id: string }>>();
  cursor: Cursor | null = null;
  private nextMutationId = 1;
  private seen = 0;

  constructor(
    public c: TestSyncClient,
    readonly clientId = `c-${crypto.randomUUID()}`,
  ) {}

  /** Continues on a new connection (after a close), keeping rows, cursor and mutation ids. */
  attach(c: TestSyncClient): void {
    this.c = c;
    this.seen = 0;
  }

  /** hello with the current cursor; resolves once a full bootstrap has been applied. */
  async startExpectingBootstrap(token: string): Promise<void> {
    this.c.send({ type: 'hello', protocol: 1, token, clientId: this.clientId, clientGroupId: `g-${this.clientId}`, cursor: this.cursor });
    await this.c.next('welcome');
    await this.c.next('bootstrap-end', 20_000);
    this.absorb();
  }

  ids(entity: EntityName): string[] {
    return [...(this.rows.get(entity)?.keys() ?? [])].sort();
  }

  row<T>(entity: EntityName, id: string): T | undefined {
    return this.rows.get(entity)?.get(id) as T | undefined;
  }

  /** Applies every frame received so far, in order. */
  absorb(): ServerMessage[] {
    const fresh = this.c.received.slice(this.seen);
    this.seen = this.c.received.length;
    for (const frame of fresh) {
      if (frame.type === 'bootstrap-begin') this.rows.clear();
      if (frame.type === 'bootstrap-rows') for (const row of frame.rows) this.table(frame.entity).set(row.id, row);
      if (frame.type === 'bootstrap-end') this.cursor = frame.cursor;
      if (frame.type === 'changes') {
        for (const change of frame.changes) {
          if (change.op === 'put' && change.row) this.table(change.entity).set(change.id, change.row);
          else {
            this.table(change.entity).delete(change.id);
            // As a console does: a case leaving its view (or deleted) takes its timeline along.
            if (change.entity === 'cases') this.purgeEventsOf(change.id);
          }
        }
        this.cursor = frame.cursor;
      }
    }
    return fresh;
  }

  private purgeEventsOf(caseId: string): void {
    const events = this.table('caseEvents');
    for (const [id, row] of events) if ((row as { caseId?: string }).caseId === caseId) events.delete(id);
  }

  private table(entity: EntityName): Map<string, { id: string }> {
    let table = this.rows.get(entity);
    if (!table) {
      table = new Map();
      this.rows.set(entity, table);
    }
    return table;
  }

  /** hello with the current cursor; resolves once bootstrapped or caught up. */
  async start(token: string): Promise<void> {
    this.c.send({ type: 'hello', protocol: 1, token, clientId: this.clientId, clientGroupId: `g-${this.clientId}`, cursor: this.cursor });
    await this.c.next('welcome');
    if (this.cursor) await this.c.next('changes', 10_000);
    else await this.c.next('bootstrap-end', 20_000);
    this.absorb();
  }

  /** Waits until the cursor reaches `version` (changes frames arrive per commit). */
  async until(version: number): Promise<void> {
    while ((this.cursor?.version ?? 0) < version) {
      await this.c.next('changes', 5000);
      this.absorb();
    }
  }

  async push(name: MutationName, args: unknown, baseVersions: Record<string, number> = {}, offline?: boolean): Promise<MutationResult> {
    this.c.send({ type: 'push', mutations: [{ id: this.nextMutationId++, name, args, baseVersions, createdAt: new Date().toISOString(), ...(offline ? { offline } : {}) }] });
    const frame = await this.c.next('push-result', 10_000);
    this.absorb();
    const result = frame.results[0];
    if (!result) throw new Error('no result');
    return result;
  }
}

export async function createWorldCase(admin: CacheClient, projector: Projector, assigneeId: string | null): Promise<CaseRow> {
  const args = newCaseArgs({ serial: projector.serial, projectorId: projector.id });
  const created = await admin.push('createCase', args);
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  if (assigneeId) {
    const assigned = await admin.push('updateCase', { id: args.id, patch: { assigneeId } });
    if (!assigned.ok) throw new Error(JSON.stringify(assigned.error));
  }
  const row = admin.row<CaseRow>('cases', args.id);
  if (!row) throw new Error('admin did not receive the case');
  return row;
}
