import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditEntry, AuditPage } from '../../../shared/admin.js';
import { AppError } from '../../../shared/errors.js';
import { auditExportName, exportAuditLog, type AuditPageRequest } from './audit-export.js';
import { tempDataDir } from './testing/fixtures.js';

function entry(version: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    version,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, version)).toISOString(),
    entity: 'cases',
    entityId: `case-${version}`,
    action: 'update',
    userId: 'u1',
    userName: 'Ann',
    clientId: 'c1',
    consoleName: 'desk-1',
    address: '10.0.0.5',
    offline: version % 2 === 0,
    clientCreatedAt: null,
    before: { title: 'old' },
    after: { title: 'new' },
    changedFields: ['title'],
    hash: `h${version}`,
    ...overrides,
  };
}

/** A log of `count` entries, versions 1..count, served newest first like the hub. */
function pager(count: number, requests: AuditPageRequest[]) {
  return async (request: AuditPageRequest): Promise<AuditPage> => {
    requests.push(request);
    const top = Math.min(count, (request.beforeVersion ?? count + 1) - 1);
    const entries = Array.from({ length: Math.max(0, Math.min(request.limit, top)) }, (_, i) => entry(top - i));
    const last = entries.at(-1)?.version ?? 1;
    return { entries, nextBeforeVersion: last > 1 ? last : null };
  };
}

describe('exportAuditLog', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const exportsDir = () => {
    const dir = tempDataDir();
    dirs.push(dir);
    return path.join(dir, 'exports');
  };

  it('names files by local time and never overwrites one from the same second', async () => {
    const now = new Date(2026, 2, 4, 5, 6, 7);
    expect(auditExportName(now)).toBe('audit-20260304-050607.xlsx');
    const dir = exportsDir();
    const requests: AuditPageRequest[] = [];
    const a = await exportAuditLog({ exportsDir: dir, filters: { limit: 100 }, fetchPage: pager(3, requests), now });
    const b = await exportAuditLog({ exportsDir: dir, filters: { limit: 100 }, fetchPage: pager(3, requests), now });
    expect([a.fileName, b.fileName]).toEqual(['audit-20260304-050607.xlsx', 'audit-20260304-050607-2.xlsx']);
  });

  it('sends the filters with every page, pages by beforeVersion and stops at the row cap', async () => {
    const requests: AuditPageRequest[] = [];
    const file = await exportAuditLog({
      exportsDir: exportsDir(),
      filters: { entity: 'cases', userId: '01900000-0000-7000-8000-000000000001', limit: 100, beforeVersion: 90 },
      fetchPage: pager(1000, requests),
      pageSize: 20,
      maxRows: 50,
    });
    expect(file.rows).toBe(50);
    expect(requests).toEqual([
      { entity: 'cases', userId: '01900000-0000-7000-8000-000000000001', limit: 20, beforeVersion: 90 },
      { entity: 'cases', userId: '01900000-0000-7000-8000-000000000001', limit: 20, beforeVersion: 70 },
      { entity: 'cases', userId: '01900000-0000-7000-8000-000000000001', limit: 20, beforeVersion: 50 },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file.path);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(51);
    expect(sheet.getRow(2).getCell(1).value).toBe(89);
    expect(sheet.getRow(51).getCell(1).value).toBe(40);
    const row = sheet.getRow(3);
    expect(row.getCell(2).value).toEqual(new Date(Date.UTC(2026, 0, 1, 0, 1, 28)));
    expect([row.getCell(3).value, row.getCell(4).value, row.getCell(5).value, row.getCell(6).value]).toEqual(['Ann', 'desk-1', '10.0.0.5', 'Yes']);
    expect([row.getCell(10).value, row.getCell(11).value, row.getCell(12).value]).toEqual(['title', '{"title":"old"}', '{"title":"new"}']);
  });

  it('cuts text longer than an Excel cell holds', async () => {
    const big = 'x'.repeat(40_000);
    const file = await exportAuditLog({
      exportsDir: exportsDir(),
      filters: { limit: 100 },
      fetchPage: async () => ({ entries: [entry(1, { after: { description: big } })], nextBeforeVersion: null }),
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file.path);
    const text = String(workbook.worksheets[0]!.getRow(2).getCell(12).value);
    expect(text.length).toBe(32_767);
    expect(text.endsWith('…')).toBe(true);
  });

  it('leaves no file behind when the hub fails mid-way', async () => {
    const dir = exportsDir();
    let calls = 0;
    const failing = async (request: AuditPageRequest): Promise<AuditPage> => {
      calls += 1;
      if (calls === 3) throw new AppError('UNAVAILABLE', 'Exporting the audit log needs a connection to the hub.');
      return pager(5000, [])(request);
    };
    await expect(exportAuditLog({ exportsDir: dir, filters: { limit: 100 }, fetchPage: failing })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('stops (and removes the file) when the hub pages out of order instead of looping', async () => {
    const dir = exportsDir();
    const stuck = async (): Promise<AuditPage> => ({ entries: [entry(5)], nextBeforeVersion: 5 });
    await expect(exportAuditLog({ exportsDir: dir, filters: { limit: 100 }, fetchPage: stuck })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
