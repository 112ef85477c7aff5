// End to end in real Chromium, the admin's import story from issue 6: an admin imports a projector
// workbook with some bad rows, reads the dry run, downloads the rows with errors, fixes them in the
// workbook and imports that file; a second console (a support agent's) sees every new projector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signInToCases } from '../support/browser.js';
import { startConsole, startHub, tempDir } from '../support/processes.js';

type Running = Awaited<ReturnType<typeof startConsole>>;
type SiteRef = { name: string; code: string; region: string };

const HEADERS = ['Serial no', 'Model', 'Make', 'Site', 'Customer code', 'Region', 'Installed', 'Warranty until'];
const STAMP = String(Date.now()).slice(-6);
const serialOf = (n: number) => `E2E-${STAMP}-${String(n).padStart(3, '0')}`;

/** The workbook an admin brings: a title above the header, synonyms for headers, real Excel dates, two bad rows. */
async function writeInstalledBase(file: string, site: SiteRef): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Projectors');
  sheet.addRow(['Installed base export, November']);
  sheet.addRow([]);
  sheet.addRow(HEADERS);
  for (let n = 1; n <= 4; n++) sheet.addRow([serialOf(n), 'DP4K-32B', 'Barco', site.name, site.code, site.region, new Date(Date.UTC(2022, 0, n)), new Date(Date.UTC(2027, 0, n))]);
  // Row 8: the warranty end is not a date. Row 9: the model is missing.
  sheet.addRow([serialOf(5), 'DP4K-32B', 'Barco', site.name, site.code, site.region, new Date(Date.UTC(2022, 0, 5)), 'soon']);
  sheet.addRow([serialOf(6), '', 'Barco', site.name, site.code, site.region, new Date(Date.UTC(2022, 0, 6)), new Date(Date.UTC(2027, 0, 6))]);
  await workbook.xlsx.writeFile(file);
}

async function chooseKindAndFile(page: Page, file: string): Promise<void> {
  await page.getByRole('combobox', { name: 'What the file holds' }).click();
  await page.getByRole('option', { name: 'Projectors' }).click();
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('button', { name: 'Check the rows' }).click({ timeout: 30_000 });
}

describe('Excel import in Chromium', () => {
  const dirs: string[] = [];
  let hub: Awaited<ReturnType<typeof startHub>>;
  let adminShell: Running;
  let agentShell: Running;
  let browser: Browser;
  let site: SiteRef;

  beforeAll(async () => {
    const [hubDir, adminDir, agentDir] = [tempDir(), tempDir(), tempDir()];
    dirs.push(hubDir, adminDir, agentDir);
    hub = await startHub(hubDir);
    const db = new Database(path.join(hubDir, 'hub.db'), { readonly: true });
    site = db.prepare('SELECT s.name AS name, c.code AS code, s.region AS region FROM sites s JOIN customers c ON c.id = s.customer_id ORDER BY s.name LIMIT 1').get() as SiteRef;
    db.close();
    [adminShell, agentShell] = await Promise.all([startConsole(hub.url, adminDir), startConsole(hub.url, agentDir)]);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([adminShell?.stop(), agentShell?.stop()]);
    await hub?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the good rows, hands back the bad ones to fix, imports the fixed file, and another console sees them', async () => {
    const work = tempDir();
    dirs.push(work);
    const original = path.join(work, 'installed-base.xlsx');
    await writeInstalledBase(original, site);

    const admin = await browser.newPage({ acceptDownloads: true });
    await signInToCases(admin, adminShell.url, 'admin@demo.test');
    await admin.getByRole('link', { name: 'Import' }).click();
    await chooseKindAndFile(admin, original);

    // The dry run: 4 new, 2 with errors, each with a reason a person can act on.
    const tabs = admin.getByRole('tablist', { name: 'Rows by outcome' });
    await expect.poll(() => tabs.getByRole('tab', { name: 'New (4)' }).count(), { timeout: 30_000 }).toBe(1);
    await tabs.getByRole('tab', { name: 'With errors (2)' }).click();
    const errorsPanel = admin.getByRole('tabpanel');
    await expect.poll(() => errorsPanel.textContent(), { timeout: 10_000 }).toMatch(/Warranty end/);
    expect(await errorsPanel.textContent()).toMatch(/Model/);

    // The rows with errors, as a workbook with an Errors column.
    await admin.getByRole('button', { name: 'Download rows with errors' }).click();
    const downloadLink = admin.getByRole('link', { name: /^Download .*\.xlsx$/ });
    const [download] = await Promise.all([admin.waitForEvent('download'), downloadLink.click({ timeout: 30_000 })]);
    const errorsFile = path.join(work, 'errors.xlsx');
    await download.saveAs(errorsFile);
    const errorsBook = new ExcelJS.Workbook();
    await errorsBook.xlsx.readFile(errorsFile);
    const sheet = errorsBook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const errorsColumn = header.findIndex((h) => /error/i.test(h)) + 1;
    expect(errorsColumn).toBeGreaterThan(0);
    expect(header).toEqual(expect.arrayContaining(HEADERS));
    const bad = new Map<string, number>();
    sheet.eachRow((row, n) => {
      if (n > 1) bad.set(String(row.getCell(header.indexOf('Serial no') + 1).value), n);
    });
    expect([...bad.keys()].sort()).toEqual([serialOf(5), serialOf(6)]);

    // Import the good rows now.
    await admin.getByRole('button', { name: 'Import 4 rows' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await admin.getByRole('status').filter({ hasText: 'Import complete' }).waitFor({ timeout: 60_000 });

    // Fix the two rows in Excel (here: exceljs) and import that file.
    sheet.getRow(bad.get(serialOf(5))!).getCell(header.indexOf('Warranty until') + 1).value = new Date(Date.UTC(2027, 0, 5));
    sheet.getRow(bad.get(serialOf(6))!).getCell(header.indexOf('Model') + 1).value = 'SP4K-25';
    const fixed = path.join(work, 'fixed.xlsx');
    await errorsBook.xlsx.writeFile(fixed);
    await admin.getByRole('button', { name: 'Import another file' }).click();
    await chooseKindAndFile(admin, fixed);
    await expect.poll(() => tabs.getByRole('tab', { name: 'New (2)' }).count(), { timeout: 30_000 }).toBe(1);
    expect(await tabs.getByRole('tab', { name: 'With errors (0)' }).count()).toBe(1);
    await admin.getByRole('button', { name: 'Import 2 rows' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await admin.getByRole('status').filter({ hasText: 'Import complete' }).waitFor({ timeout: 60_000 });

    // The history shows both jobs.
    const history = admin.getByRole('table', { name: 'Import history' });
    await expect.poll(() => history.getByRole('row').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

    // A support agent's console receives every imported projector through sync and finds it at intake.
    const agent = await browser.newPage();
    await signInToCases(agent, agentShell.url, 'agent@demo.test');
    await agent.keyboard.press('Alt+I');
    const search = agent.getByRole('combobox').first();
    for (const n of [1, 4, 5, 6]) {
      await search.fill(serialOf(n));
      await expect.poll(() => agent.getByRole('option', { name: new RegExp(serialOf(n)) }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    }
  }, 240_000);
});
