// Reads what the chaos invariants need straight from the hub's SQLite file, read-only (the hub
// keeps running in WAL mode; a reader sees the last committed state). Table and column names
// follow hub-server/db/schema.ts; the `conflicts` table is optional (it arrives with issue 3).
import Database from 'better-sqlite3';

export type HubUser = Readonly<{ id: string; email: string; name: string; role: 'admin' | 'manager' | 'agent' | 'fse'; regions: string[] }>;
export type HubCase = Readonly<{ id: string; version: number; siteId: string | null; assigneeId: string | null; status: string; row: Record<string, unknown> }>;
export type ChangeEntry = Readonly<{
  version: number;
  entity: string;
  entityId: string;
  op: 'put' | 'del';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  userId: string | null;
  clientId: string | null;
  mutationId: number | null;
  createdAt: string;
}>;
export type StoredResult = Readonly<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } }>;
export type HubConflict = Readonly<{ id: string; caseId: string; userId: string; clientId: string; mutationId: number; field: string; resolvedAt: string | null }>;

export type HubState = Readonly<{
  users: readonly HubUser[];
  siteRegions: ReadonlyMap<string, string>;
  cases: ReadonlyMap<string, HubCase>;
  changeLog: readonly ChangeEntry[];
  clients: ReadonlyMap<string, { userId: string; lastMutationId: number }>;
  /** clientId → mutationId → stored result. */
  results: ReadonlyMap<string, ReadonlyMap<number, StoredResult>>;
  /** Null when the hub has no conflicts table yet. */
  conflicts: readonly HubConflict[] | null;
}>;

function parse<T>(text: unknown): T {
  return (typeof text === 'string' ? JSON.parse(text) : text) as T;
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function columns(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
}

export function openHubReader(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export function readHubUsers(file: string): HubUser[] {
  const db = openHubReader(file);
  try {
    return readUsers(db);
  } finally {
    db.close();
  }
}

export function readHubState(file: string): HubState {
  const db = openHubReader(file);
  try {
    // One read transaction: every table from the same committed state.
    return db.transaction(() => {
      const users = readUsers(db);
      const siteRegions = new Map((db.prepare('SELECT id, region FROM sites').all() as { id: string; region: string }[]).map((s) => [s.id, s.region]));
      const cases = new Map<string, HubCase>();
      for (const raw of db.prepare('SELECT * FROM cases').iterate() as Iterable<Record<string, unknown>>) {
        cases.set(raw.id as string, {
          id: raw.id as string,
          version: raw.version as number,
          siteId: (raw.site_id as string | null) ?? null,
          assigneeId: (raw.assignee_id as string | null) ?? null,
          status: raw.status as string,
          row: raw,
        });
      }
      const changeLog = (
        db
          .prepare(
            'SELECT version, entity, entity_id AS entityId, op, before, after, user_id AS userId, client_id AS clientId, mutation_id AS mutationId, created_at AS createdAt FROM change_log ORDER BY version, rowid',
          )
          .all() as (Omit<ChangeEntry, 'before' | 'after'> & { before: string | null; after: string | null })[]
      ).map((e) => ({ ...e, before: e.before === null ? null : parse<Record<string, unknown>>(e.before), after: e.after === null ? null : parse<Record<string, unknown>>(e.after) }));
      const clients = new Map(
        (db.prepare('SELECT client_id AS clientId, user_id AS userId, last_mutation_id AS lastMutationId FROM clients').all() as { clientId: string; userId: string; lastMutationId: number }[]).map(
          (c) => [c.clientId, { userId: c.userId, lastMutationId: c.lastMutationId }],
        ),
      );
      const results = new Map<string, Map<number, StoredResult>>();
      for (const r of db.prepare('SELECT client_id AS clientId, mutation_id AS mutationId, result FROM mutation_results').iterate() as Iterable<{ clientId: string; mutationId: number; result: string }>) {
        let perClient = results.get(r.clientId);
        if (!perClient) results.set(r.clientId, (perClient = new Map()));
        perClient.set(r.mutationId, parse<StoredResult>(r.result));
      }
      return { users, siteRegions, cases, changeLog, clients, results, conflicts: readConflicts(db) };
    })();
  } finally {
    db.close();
  }
}

function readUsers(db: Database.Database): HubUser[] {
  return (db.prepare('SELECT id, email, name, role, regions FROM users').all() as { id: string; email: string; name: string; role: HubUser['role']; regions: string }[]).map((u) => ({
    ...u,
    regions: parse<string[]>(u.regions),
  }));
}

function readConflicts(db: Database.Database): HubConflict[] | null {
  if (!hasTable(db, 'conflicts')) return null;
  const cols = columns(db, 'conflicts');
  const pick = (snake: string, camel: string) => (cols.has(snake) ? `${snake} AS ${camel}` : cols.has(camel) ? camel : `NULL AS ${camel}`);
  const sql = `SELECT id, ${pick('case_id', 'caseId')}, ${pick('user_id', 'userId')}, ${pick('client_id', 'clientId')}, ${pick('mutation_id', 'mutationId')}, field, ${pick('resolved_at', 'resolvedAt')} FROM conflicts`;
  return db.prepare(sql).all() as HubConflict[];
}
