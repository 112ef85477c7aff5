// End to end in real Chromium, the field story from issue 7: an engineer writes a service report
// for their visit while offline (photo, part, drawn signature) and submits it; back online it
// reaches the hub; a manager approves it and the case resolves; the PDF's text (pdftotext from
// Debian's poppler-utils) holds the case number, the part and the signature statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { createFaultProxy, type FaultProxy } from '../chaos/fault-proxy.js';
import { launchChromium, signInToCases } from '../support/browser.js';
import { startConsole, startHub, tempDir } from '../support/processes.js';

type Running = Awaited<ReturnType<typeof startConsole>>;
type DemoVisit = { visitId: string; caseId: string; caseNumber: string; engineerEmail: string; engineerName: string };

const SIGNER = 'Zoë Ångström';
const PART = 'E2E-LAMP-7';

/** Draws a signature-like stroke across the pad with the mouse. */
async function sign(page: Page): Promise<void> {
  const pad = page.getByLabel(/^Signature pad/);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('signature pad not visible');
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 15, box.y + box.height / 2 + (i % 2 ? -20 : 20), { steps: 2 });
  await page.mouse.up();
}

describe('service report in Chromium', () => {
  const dirs: string[] = [];
  let hub: Awaited<ReturnType<typeof startHub>>;
  let proxy: FaultProxy;
  let fseShell: Running;
  let managerShell: Running;
  let browser: Browser;
  let visit: DemoVisit;

  beforeAll(async () => {
    const [hubDir, fseDir, managerDir] = [tempDir(), tempDir(), tempDir()];
    dirs.push(hubDir, fseDir, managerDir);
    hub = await startHub(hubDir);
    const db = new Database(path.join(hubDir, 'hub.db'), { readonly: true });
    visit = db
      .prepare(
        `SELECT v.id AS visitId, v.case_id AS caseId, c.number AS caseNumber, u.email AS engineerEmail, u.name AS engineerName
         FROM visits v JOIN cases c ON c.id = v.case_id JOIN users u ON u.id = v.engineer_id
         WHERE v.status = 'scheduled' ORDER BY v.date LIMIT 1`,
      )
      .get() as DemoVisit;
    db.close();
    // The engineer's console reaches the hub through a proxy the test can cut (offline in the field).
    proxy = await createFaultProxy({ targetPort: Number(new URL(hub.url).port), random: Math.random });
    [fseShell, managerShell] = await Promise.all([startConsole(proxy.url, fseDir), startConsole(hub.url, managerDir)]);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([fseShell?.stop(), managerShell?.stop()]);
    await proxy?.close();
    await hub?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is written offline with a photo and a signature, approved online, resolves the case, and prints to a checkable PDF', async () => {
    expect(visit, 'the demo data has a scheduled visit').toBeTruthy();
    const work = tempDir();
    dirs.push(work);
    const photo = path.join(work, 'lamp-before.jpg');
    await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 180, g: 40, b: 30 } } }).jpeg().toFile(photo);

    // The engineer opens the visit's report while still online (the visit list is synced), then loses the network.
    const fse = await browser.newPage();
    await signInToCases(fse, fseShell.url, visit.engineerEmail);
    await fse.getByRole('link', { name: 'My visits' }).click();
    await fse.getByRole('button', { name: /Write report/ }).first().click();
    await fse.getByLabel('Diagnosis').waitFor({ timeout: 15_000 });
    proxy.partition();
    await fse.getByRole('status').filter({ hasText: /Offline|Reconnecting|Connecting/i }).first().waitFor({ timeout: 30_000 });

    await fse.getByRole('button', { name: 'Check in now' }).click();
    await fse.getByRole('button', { name: 'Check out now' }).click();
    await fse.getByLabel('Time spent (minutes or h:mm)').fill('1:30');
    await fse.getByLabel('Diagnosis').fill('Lamp at end of life; igniter arcing.');
    await fse.getByLabel('Work performed').fill('Replaced the lamp and cleaned the filters.');
    await fse.getByLabel('Resolution').fill('Projector back in service; brightness within specification.');
    await fse.getByRole('button', { name: 'Add a part not in the catalogue' }).click();
    await fse.getByLabel('Part number, row 1').fill(PART);
    await fse.getByLabel('Description, row 1').fill('Replacement lamp module');
    await fse.getByLabel('Serial of the part fitted, row 1').fill('LMP-000123');
    await fse.getByLabel('Photo files').setInputFiles(photo);
    await fse.getByRole('button', { name: /Open photo .* full size/ }).first().waitFor({ timeout: 30_000 });
    await sign(fse);
    await fse.getByLabel('Signed by').fill(SIGNER);
    await fse.getByRole('button', { name: 'Submit report' }).click();
    const outcome = fse.getByText(/^Report submitted$|^The report was not submitted$|^Before you submit$/).first();
    await outcome.waitFor({ timeout: 15_000 });
    // Offline, with the photo still queued: the console takes the submission and sends it after the photo.
    expect(await outcome.innerText(), await fse.locator('main').innerText()).toBe('Report submitted');

    // Back online: the photo goes to the file store, then the submission reaches the hub.
    proxy.heal();
    const hubDb = new Database(path.join(dirs[0]!, 'hub.db'), { readonly: true });
    try {
      const submitted = () => hubDb.prepare("SELECT number, status FROM service_reports WHERE case_id = ? AND status = 'submitted'").get(visit.caseId) as { number: string } | undefined;
      await expect
        .poll(() => submitted()?.number ?? '', { timeout: 60_000 })
        .toMatch(/^SR-\d{4}-\d{6}$/);
      const photos = hubDb.prepare('SELECT count(*) AS n FROM files').get() as { n: number };
      expect(photos.n).toBeGreaterThanOrEqual(2);
    } finally {
      hubDb.close();
    }

    // The manager reviews it and approves; the case resolves.
    const manager = await browser.newPage({ acceptDownloads: true });
    await signInToCases(manager, managerShell.url, 'manager@demo.test');
    await manager.getByRole('link', { name: 'Reviews' }).click();
    const row = manager.getByRole('row', { name: new RegExp(visit.caseNumber) });
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: 'Open' }).click();
    await manager.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => manager.getByText(/^Approved by/).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const resolvedDb = new Database(path.join(dirs[0]!, 'hub.db'), { readonly: true });
    try {
      await expect
        .poll(() => (resolvedDb.prepare('SELECT status, resolved_at AS resolvedAt FROM cases WHERE id = ?').get(visit.caseId) as { status: string; resolvedAt: string | null }).status, { timeout: 30_000 })
        .toBe('resolved');
    } finally {
      resolvedDb.close();
    }

    // The PDF, as printed or saved: real text with the case number, the part and the signature statement.
    await manager.getByRole('button', { name: 'PDF', exact: true }).click();
    const link = manager.getByRole('link', { name: /^Download .*\.pdf$/ });
    const [download] = await Promise.all([manager.waitForEvent('download'), link.click({ timeout: 30_000 })]);
    const pdf = path.join(work, 'report.pdf');
    await download.saveAs(pdf);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(visit.caseNumber);
    expect(text).toContain(PART);
    expect(text).toContain(`Signed by ${SIGNER}`);
  }, 240_000);
});
