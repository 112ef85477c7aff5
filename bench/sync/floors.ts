// Floors measured in the same run as the sync metrics: what bare ws and bare better-sqlite3 can do
// on this machine for the same work, so a figure can be read as "N times the floor".
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer, WebSocket } from 'ws';
import { percentile } from '../lib/stats.js';
import { benchTempDir, newCaseArgs } from '../lib/hub.js';
import { openAndMigrate } from '../../hub-server/db/open-database.js';
import { caseRow, projectorRow, type SeedRefs } from './rows.js';

function openLikeHub(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

/** Round trips of a ~1 KB JSON frame over a bare ws connection on loopback (ms). */
export async function wsRoundTrips(count: number): Promise<number[]> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(data.toString())));
  const port = (wss.address() as { port: number }).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const payload = JSON.stringify({ type: 'changes', changes: [{ version: 1, entity: 'cases', op: 'put', row: newCaseArgs(null, 1) }] });
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(payload);
    });
    samples.push(performance.now() - t0);
  }
  ws.close();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  return samples.slice(Math.min(20, count / 10));
}

/** One-row commits (a case-sized JSON row) in a WAL database with the cores' pragmas (ms). */
export function sqliteCommits(count: number): number[] {
  const dir = benchTempDir('floor-commit');
  try {
    const db = openLikeHub(path.join(dir, 'floor.db'));
    db.exec('CREATE TABLE rows (id TEXT PRIMARY KEY, body TEXT NOT NULL, version INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO rows (id, body, version) VALUES (?, ?, ?)');
    const commit = db.transaction((i: number) => insert.run(`row-${i}`, JSON.stringify(newCaseArgs(null, i)), i));
    const samples: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const t0 = performance.now();
      commit(i);
      samples.push(performance.now() - t0);
    }
    db.close();
    return samples.slice(Math.min(20, count / 10));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export type LatencyFloor = Readonly<{ p50: number; p99: number; wsP50: number; sqliteP50: number }>;

export async function propagationFloor(): Promise<LatencyFloor> {
  const ws = await wsRoundTrips(500);
  const sql = sqliteCommits(500);
  return { p50: percentile(ws, 50) + percentile(sql, 50), p99: percentile(ws, 99) + percentile(sql, 99), wsP50: percentile(ws, 50), sqliteP50: percentile(sql, 50) };
}

/**
 * Mutations/s that bare better-sqlite3 reaches writing what the hub writes per mutation (a case
 * row, a change-log row, a mutation-result row) into the hub's own schema, one transaction per
 * batch of `batch` mutations.
 */
export function ingestFloor(batch: number, total: number): number {
  const dir = benchTempDir('floor-ingest');
  try {
    const db = openAndMigrate(path.join(dir, 'hub.db'));
    db.prepare("INSERT INTO users (id, email, name, role, regions, active, password_hash, version, created_at) VALUES ('u1', 'a@b.test', 'A', 'agent', '[]', 1, 'x', 1, '2026-01-01')").run();
    db.prepare("INSERT INTO clients (client_id, client_group_id, user_id, last_mutation_id) VALUES ('c1', 'g1', 'u1', 0)").run();
    const insertCase = db.prepare(
      `INSERT INTO cases (id, number, serial, projector_id, site_id, customer_id, contact_name, contact_phone, contact_email, channel, title, description, priority, severity, status, assignee_id, created_by, created_at, updated_at, field_versions, version)
       VALUES (@id, @number, @serial, NULL, NULL, NULL, @contactName, @contactPhone, @contactEmail, @channel, @title, @description, @priority, @severity, 'new', NULL, 'u1', @now, @now, @fieldVersions, @version)`,
    );
    const insertChange = db.prepare(
      "INSERT INTO change_log (version, entity, entity_id, op, before, after, user_id, client_id, mutation_id, client_created_at, created_at) VALUES (?, 'cases', ?, 'put', NULL, ?, 'u1', 'c1', ?, ?, ?)",
    );
    const insertResult = db.prepare("INSERT INTO mutation_results (client_id, mutation_id, result) VALUES ('c1', ?, ?)");
    const bumpClient = db.prepare("UPDATE clients SET last_mutation_id = ? WHERE client_id = 'c1'");
    let version = 0;
    const runBatch = db.transaction((from: number) => {
      for (let m = from; m < from + batch; m += 1) {
        version += 1;
        const args = newCaseArgs(null, m);
        const now = new Date().toISOString();
        const row = { ...args, number: `DTR-2026-${String(m).padStart(6, '0')}`, now, fieldVersions: JSON.stringify({ title: version }), version };
        insertCase.run(row);
        insertChange.run(version, args.id, JSON.stringify(row), m, now, now);
        insertResult.run(m, JSON.stringify({ ok: true, result: { id: args.id, number: row.number } }));
        bumpClient.run(m);
      }
    });
    const t0 = performance.now();
    for (let m = 1; m <= total; m += batch) runBatch(m);
    const seconds = (performance.now() - t0) / 1000;
    db.close();
    return total / seconds;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds for bare better-sqlite3 to insert the bootstrap's rows into a fresh file (one transaction). */
export function bootstrapFloor(projectorCount: number, caseCount: number, refs: SeedRefs): number {
  const dir = benchTempDir('floor-bootstrap');
  try {
    const db = openLikeHub(path.join(dir, 'floor.db'));
    db.exec(`CREATE TABLE projectors (id TEXT PRIMARY KEY, serial TEXT NOT NULL, model TEXT NOT NULL, manufacturer TEXT NOT NULL, site_id TEXT NOT NULL, install_date TEXT NOT NULL, warranty_end TEXT NOT NULL, version INTEGER NOT NULL);
      CREATE TABLE cases (id TEXT PRIMARY KEY, number TEXT, serial TEXT NOT NULL, projector_id TEXT, site_id TEXT, customer_id TEXT, contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL, contact_email TEXT NOT NULL, channel TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, priority TEXT NOT NULL, severity TEXT NOT NULL, status TEXT NOT NULL, assignee_id TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, field_versions TEXT NOT NULL, version INTEGER NOT NULL);`);
    const p = db.prepare('INSERT INTO projectors VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const c = db.prepare('INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < projectorCount; i += 1) {
        const r = projectorRow(i, refs, i + 1);
        p.run(r.id, r.serial, r.model, r.manufacturer, r.siteId, r.installDate, r.warrantyEnd, r.version);
      }
      for (let i = 0; i < caseCount; i += 1) {
        const r = caseRow(i, projectorRow(i, refs, 0), refs, i + 1);
        c.run(r.id, r.number, r.serial, r.projectorId, r.siteId, r.customerId, r.contactName, r.contactPhone, r.contactEmail, r.channel, r.title, r.description, r.priority, r.severity, r.status, r.assigneeId, r.createdBy, r.createdAt, r.updatedAt, JSON.stringify(r.fieldVersions), r.version);
      }
    })();
    const seconds = (performance.now() - t0) / 1000;
    db.close();
    return seconds;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
