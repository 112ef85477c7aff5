// Test helpers for the import module: a temp folder, a cache with a few customers, sites, projectors
// and people, and workbooks written by Python's openpyxl (another program than exceljs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeCacheDb, openCacheDb, type WritableDb } from '../../cache/cache-db.js';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
}

export const CUSTOMER = { id: '01900000-0000-7000-8000-0000000000c1', name: 'Picturehouse Cinemas', code: 'PHC' };
export const SITE = { id: '01900000-0000-7000-8000-0000000000a1', name: 'Leicester Square' };
export const OTHER_SITE = { id: '01900000-0000-7000-8000-0000000000a2', name: 'Ballroom East' };
export const PROJECTOR = { id: '01900000-0000-7000-8000-0000000000d1', serial: 'BRX-0001', model: 'DP4K-32B', manufacturer: 'Barco', installDate: '2020-01-15', warrantyEnd: '2025-01-14' };

/** A cache with regions North (code N), South (code S); one customer, two sites, two projectors, one FSE and one agent. */
export function seededCache(dir: string): WritableDb {
  const db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
  const sql = db.$client;
  sql.prepare('INSERT INTO settings (id, value, updated_at, updated_by, version) VALUES (?, ?, ?, NULL, 1)').run('regions', JSON.stringify([{ code: 'N', name: 'North' }, { code: 'S', name: 'South' }]), '2026-01-01T00:00:00Z');
  sql.prepare('INSERT INTO customers (id, name, code, version) VALUES (?, ?, ?, 1)').run(CUSTOMER.id, CUSTOMER.name, CUSTOMER.code);
  const site = sql.prepare('INSERT INTO sites (id, customer_id, name, address, region, access_notes, contact_name, contact_phone, contact_email, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)');
  site.run(SITE.id, CUSTOMER.id, SITE.name, '1 Leicester Square, London', 'N', '', 'Dana Walker', '+44 20 7946 0000', 'dana@example.com');
  site.run(OTHER_SITE.id, CUSTOMER.id, OTHER_SITE.name, '', 'S', '', '', '', '');
  const projector = sql.prepare('INSERT INTO projectors (id, serial, model, manufacturer, site_id, install_date, warranty_end, version, contract_end, warranty_start) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)');
  projector.run(PROJECTOR.id, PROJECTOR.serial, PROJECTOR.model, PROJECTOR.manufacturer, SITE.id, PROJECTOR.installDate, PROJECTOR.warrantyEnd, null, null);
  projector.run('01900000-0000-7000-8000-0000000000d2', 'BRX-0002', 'DP4K-32B', 'Barco', SITE.id, '2020-01-15', '2025-01-14', null, null);
  const user = sql.prepare('INSERT INTO users (id, email, name, role, regions, active, version, phone, engineer, must_change_password) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, 0)');
  user.run('01900000-0000-7000-8000-0000000000e1', 'fse@example.com', 'Frankie Field', 'fse', JSON.stringify(['N']), '+44 7700 900001', JSON.stringify({ skills: ['DP4K-32B'], dailyCapacity: 4, workingHours: [{ start: '08:00', end: '17:00' }, { start: '08:00', end: '17:00' }, { start: '08:00', end: '17:00' }, { start: '08:00', end: '17:00' }, { start: '08:00', end: '17:00' }, null, null], timeOff: [] }));
  user.run('01900000-0000-7000-8000-0000000000e2', 'agent@example.com', 'Alex Agent', 'agent', JSON.stringify([]), '', null);
  return db;
}

export { closeCacheDb };

let python: string | null | undefined;
/** A Python that can import openpyxl (the pyenv shim may shadow Debian's python3). */
export function openpyxlPython(): string {
  if (python === undefined) {
    python = null;
    for (const candidate of ['python3', '/usr/bin/python3']) {
      try {
        execFileSync(candidate, ['-c', 'import openpyxl'], { stdio: 'ignore' });
        python = candidate;
        break;
      } catch {
        // try the next one
      }
    }
  }
  if (python === null) throw new Error('These tests need Python with openpyxl (Debian: apt-get install python3-openpyxl; .ci/run installs it).');
  return python;
}

/** Runs a Python script (openpyxl imported as `openpyxl`, the output path as `OUT`). */
export function writeWithOpenpyxl(out: string, script: string): void {
  execFileSync(openpyxlPython(), ['-c', `import openpyxl, datetime\nOUT = ${JSON.stringify(out)}\n${script}`], { stdio: 'pipe', timeout: 30_000 });
}
