// SQLite implementation of the storage seam: one writer connection (transactions serialised by a
// queue, BEGIN IMMEDIATE) and one reader connection whose transactions see a committed snapshot
// (WAL), so a bootstrap never observes a half-finished write.
import { and, count, eq, gt, max, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { CaseRow, Customer, Projector, Site, SyncedUser } from '../../shared/domain.js';
import type { EntityName, EntityRows } from '../../shared/sync/entities.js';
import { BugIndicatingError, missingCase } from '../../shared/errors.js';
import { createBulkInserter } from './bulk-insert.js';
import { openAndMigrate, openConnection, wrap, type HubDrizzle } from './open-database.js';
import { SerialQueue } from './serial-queue.js';
import { errorFields, silentLogger, type HubLogger } from '../logger.js';
import type { ChangeLogEntry, HubRepository, ReadTx, StoredMutationResult, UserRecord, WriteTx } from './repository.js';
import * as t from './schema.js';

const syncedUserColumns = {
  id: t.users.id,
  email: t.users.email,
  name: t.users.name,
  role: t.users.role,
  regions: t.users.regions,
  active: t.users.active,
  version: t.users.version,
};

function makeReadTx(db: HubDrizzle): ReadTx {
  return {
    async headVersion() {
      return db.select({ head: max(t.changeLog.version) }).from(t.changeLog).get()?.head ?? 0;
    },
    async changesSince(version, limit) {
      return db.select().from(t.changeLog).where(gt(t.changeLog.version, version)).orderBy(t.changeLog.version).limit(limit).all();
    },
    async listRows<E extends EntityName>(entity: E): Promise<EntityRows[E][]> {
      const name: EntityName = entity;
      switch (name) {
        case 'users':
          return db.select(syncedUserColumns).from(t.users).orderBy(t.users.id).all() satisfies SyncedUser[] as EntityRows[E][];
        case 'customers':
          return db.select().from(t.customers).orderBy(t.customers.id).all() satisfies Customer[] as EntityRows[E][];
        case 'sites':
          return db.select().from(t.sites).orderBy(t.sites.id).all() satisfies Site[] as EntityRows[E][];
        case 'projectors':
          return db.select().from(t.projectors).orderBy(t.projectors.id).all() satisfies Projector[] as EntityRows[E][];
        case 'cases':
          return db.select().from(t.cases).orderBy(t.cases.id).all() satisfies CaseRow[] as EntityRows[E][];
        default:
          return missingCase(name);
      }
    },
    async countRows(entity) {
      const table = { users: t.users, customers: t.customers, sites: t.sites, projectors: t.projectors, cases: t.cases }[entity];
      return db.select({ n: count() }).from(table).get()?.n ?? 0;
    },
    async getUser(id) {
      return db.select().from(t.users).where(eq(t.users.id, id)).get() ?? null;
    },
    async findUserByEmail(email) {
      return db.select().from(t.users).where(eq(t.users.email, email.trim().toLowerCase())).get() ?? null;
    },
    async countUsers() {
      return db.select({ n: count() }).from(t.users).get()?.n ?? 0;
    },
    async getCase(id) {
      return db.select().from(t.cases).where(eq(t.cases.id, id)).get() ?? null;
    },
    async getProjector(id) {
      return db.select().from(t.projectors).where(eq(t.projectors.id, id)).get() ?? null;
    },
    async getSite(id) {
      return db.select().from(t.sites).where(eq(t.sites.id, id)).get() ?? null;
    },
    async getCustomer(id) {
      return db.select().from(t.customers).where(eq(t.customers.id, id)).get() ?? null;
    },
    async getClient(clientId) {
      return db.select().from(t.clients).where(eq(t.clients.clientId, clientId)).get() ?? null;
    },
    async getMutationResult(clientId, mutationId) {
      const row = db
        .select({ result: t.mutationResults.result })
        .from(t.mutationResults)
        .where(and(eq(t.mutationResults.clientId, clientId), eq(t.mutationResults.mutationId, mutationId)))
        .get();
      return row ? (row.result as StoredMutationResult) : null;
    },
    async getSession(id) {
      return db.select().from(t.sessions).where(eq(t.sessions.id, id)).get() ?? null;
    },
    async findRefreshToken(tokenHash) {
      return db.select().from(t.refreshTokens).where(eq(t.refreshTokens.tokenHash, tokenHash)).get() ?? null;
    },
    async getMeta(key) {
      return db.select().from(t.meta).where(eq(t.meta.key, key)).get()?.value ?? null;
    },
  };
}

/** Version bookkeeping of one write transaction; `savepoint` snapshots and restores it. */
type VersionState = { head: number | null; allocated: number; appended: number };

function makeWriteTx(db: HubDrizzle, sqlite: Database.Database, state: VersionState, insert: ReturnType<typeof createBulkInserter>): WriteTx {
  const read = makeReadTx(db);
  let savepointDepth = 0;
  const tx: WriteTx = {
    ...read,
    async allocateVersion() {
      if (state.head === null) {
        state.head = await read.headVersion();
        state.allocated = state.head;
        state.appended = state.head;
      }
      state.allocated += 1;
      return state.allocated;
    },
    async appendChanges(entries: readonly ChangeLogEntry[]) {
      for (const entry of entries) {
        if (entry.version !== state.appended + 1 || entry.version > state.allocated) {
          throw new BugIndicatingError(`Change-log version ${entry.version} out of order (expected ${state.appended + 1}).`);
        }
        state.appended = entry.version;
      }
      insert(t.changeLog, entries);
    },
    async insertUsers(rows: readonly UserRecord[]) {
      insert(t.users, rows.map((row) => ({ ...row, email: row.email.trim().toLowerCase() })));
    },
    async insertCustomers(rows) {
      insert(t.customers, rows);
    },
    async insertSites(rows) {
      insert(t.sites, rows);
    },
    async insertProjectors(rows) {
      insert(t.projectors, rows);
    },
    async insertCases(rows) {
      insert(t.cases, rows);
    },
    async replaceCase(row) {
      const { id, ...rest } = row;
      const result = db.update(t.cases).set(rest).where(eq(t.cases.id, id)).run();
      if (result.changes !== 1) throw new BugIndicatingError(`replaceCase: case ${id} does not exist.`);
    },
    async nextCaseNumber(year) {
      const row = db
        .insert(t.caseCounters)
        .values({ year, last: 1 })
        .onConflictDoUpdate({ target: t.caseCounters.year, set: { last: sql`${t.caseCounters.last} + 1` } })
        .returning({ last: t.caseCounters.last })
        .get();
      return row.last;
    },
    async setCaseCounter(year, last) {
      db.insert(t.caseCounters).values({ year, last }).onConflictDoUpdate({ target: t.caseCounters.year, set: { last } }).run();
    },
    async putClient(record) {
      db.insert(t.clients)
        .values(record)
        .onConflictDoUpdate({ target: t.clients.clientId, set: { clientGroupId: record.clientGroupId, userId: record.userId, lastMutationId: record.lastMutationId } })
        .run();
    },
    async putMutationResult(clientId, mutationId, result: StoredMutationResult) {
      insert(t.mutationResults, [{ clientId, mutationId, result }]);
    },
    async insertSession(record) {
      insert(t.sessions, [record]);
    },
    async touchSession(id, at) {
      db.update(t.sessions).set({ lastSeenAt: at }).where(eq(t.sessions.id, id)).run();
    },
    async revokeSession(id, at) {
      db.update(t.sessions).set({ revokedAt: at }).where(eq(t.sessions.id, id)).run();
    },
    async insertRefreshToken(record) {
      insert(t.refreshTokens, [record]);
    },
    async markRefreshTokenUsed(id, at) {
      db.update(t.refreshTokens).set({ usedAt: at }).where(eq(t.refreshTokens.id, id)).run();
    },
    async setMeta(key, value) {
      db.insert(t.meta).values({ key, value }).onConflictDoUpdate({ target: t.meta.key, set: { value } }).run();
    },
    async savepoint<T>(fn: (inner: WriteTx) => Promise<T>): Promise<T> {
      const name = `sp_${++savepointDepth}`;
      const snapshot = { ...state };
      sqlite.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(tx);
        sqlite.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        sqlite.exec(`ROLLBACK TO ${name}`);
        sqlite.exec(`RELEASE ${name}`);
        Object.assign(state, snapshot);
        throw error;
      } finally {
        savepointDepth -= 1;
      }
    },
  };
  return tx;
}

export type SqliteRepositoryOptions = Readonly<{ file: string; log?: HubLogger }>;

/** Opens (creating and migrating if needed) the hub database at `file`. */
export function openSqliteRepository(options: SqliteRepositoryOptions): HubRepository {
  const writer = openAndMigrate(options.file);
  let reader: Database.Database;
  try {
    reader = openConnection(options.file);
  } catch (error) {
    writer.close();
    throw error;
  }
  const writeDb = wrap(writer);
  const readDb = wrap(reader);
  const insert = createBulkInserter(writer);
  const writes = new SerialQueue();
  const reads = new SerialQueue();
  const listeners = new Set<(head: number) => void>();
  let closed = false;
  const log = options.log ?? silentLogger;

  const assertOpen = () => {
    if (closed) throw new BugIndicatingError('The hub repository is closed.');
  };

  return {
    read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
      return reads.run(async () => {
        assertOpen();
        reader.exec('BEGIN');
        try {
          return await fn(makeReadTx(readDb));
        } finally {
          if (reader.inTransaction) reader.exec('COMMIT');
        }
      });
    },
    write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
      return writes.run(async () => {
        assertOpen();
        const state: VersionState = { head: null, allocated: 0, appended: 0 };
        writer.exec('BEGIN IMMEDIATE');
        let result: T;
        try {
          result = await fn(makeWriteTx(writeDb, writer, state, insert));
          if (state.allocated !== state.appended) {
            throw new BugIndicatingError(`Versions ${state.appended + 1}..${state.allocated} were reserved but never appended.`);
          }
          writer.exec('COMMIT');
        } catch (error) {
          if (writer.inTransaction) writer.exec('ROLLBACK');
          throw error;
        }
        if (state.head !== null && state.appended > state.head) {
          // A listener failing must not turn a committed write into a reported failure.
          for (const listener of listeners) {
            try {
              listener(state.appended);
            } catch (error) {
              log.error('A commit listener failed', errorFields(error));
            }
          }
        }
        return result;
      });
    },
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      await Promise.all([writes.idle(), reads.idle()]);
      closed = true;
      reader.close();
      writer.close();
    },
  };
}
