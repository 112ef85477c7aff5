// End to end in real Chromium (issue 7, visit planning): a manager moves a visit to an engineer who
// is not the case's assignee; the console asks "Reassign …?", and on yes the hub moves the visit and
// reassigns the case in one write (the case shows the new assignee at once, then from the hub).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, signInToCases } from '../support/browser.js';
import { startConsole, startHub, tempDir } from '../support/processes.js';

type Running = Awaited<ReturnType<typeof startConsole>>;
type Pick = { visitId: string; caseId: string; caseNumber: string; fromId: string; fromName: string; toId: string; toName: string };

describe('visit with another engineer in Chromium', () => {
  const dirs: string[] = [];
  let hub: Awaited<ReturnType<typeof startHub>>;
  let shell: Running;
  let browser: Browser;
  let pick: Pick;

  beforeAll(async () => {
    const [hubDir, consoleDir] = [tempDir(), tempDir()];
    dirs.push(hubDir, consoleDir);
    hub = await startHub(hubDir);
    const db = new Database(path.join(hubDir, 'hub.db'), { readonly: true });
    // A scheduled visit with the case's assignee, and another active engineer to hand it to.
    pick = db
      .prepare(
        `SELECT v.id AS visitId, c.id AS caseId, c.number AS caseNumber, a.id AS fromId, a.name AS fromName, o.id AS toId, o.name AS toName
         FROM visits v JOIN cases c ON c.id = v.case_id JOIN users a ON a.id = c.assignee_id
         JOIN users o ON o.role = 'fse' AND o.active = 1 AND o.id <> a.id
         WHERE v.status = 'scheduled' AND v.engineer_id = c.assignee_id AND c.status NOT IN ('resolved', 'closed')
         ORDER BY v.date, o.name LIMIT 1`,
      )
      .get() as Pick;
    db.close();
    shell = await startConsole(hub.url, consoleDir);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await hub?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks to reassign, then moves the visit and reassigns the case in one write', async () => {
    expect(pick, 'the demo data has a scheduled visit and a second engineer').toBeTruthy();
    const page = await browser.newPage();
    await signInToCases(page, shell.url, 'manager@demo.test');
    await page.evaluate((id) => {
      window.location.hash = `#/cases/${id}`;
    }, pick.caseId);
    const visits = page.getByRole('region', { name: 'Visits' });
    await visits.getByRole('button', { name: /^Move visit of / }).first().click();
    const dialog = page.getByRole('dialog', { name: /^Move visit for / });
    await dialog.getByLabel('Engineer').selectOption(pick.toId);
    await dialog.getByRole('button', { name: 'Move visit' }).click();

    const question = dialog.getByRole('alertdialog', { name: 'Reassign the case?' });
    await question.waitFor({ timeout: 10_000 });
    expect(await question.innerText()).toContain(`This visit is for ${pick.toName}; ${pick.caseNumber} is assigned to ${pick.fromName}. Reassign it to ${pick.toName}?`);
    await dialog.getByRole('button', { name: `Reassign to ${pick.toName}` }).click();
    // The new engineer's day may clash; the planner accepts it here (the clash check is its own test).
    const anyway = dialog.getByRole('button', { name: 'Move anyway' });
    await expect.poll(async () => (await anyway.isVisible()) || !(await dialog.isVisible()), { timeout: 10_000 }).toBe(true);
    if (await anyway.isVisible()) await anyway.click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });

    // The case panel shows the new assignee, and the hub has both changes.
    await page.getByLabel('Case details').getByText(pick.toName).first().waitFor({ timeout: 15_000 });
    const hubDb = new Database(path.join(dirs[0]!, 'hub.db'), { readonly: true });
    try {
      const state = () =>
        hubDb.prepare('SELECT c.assignee_id AS assignee, v.engineer_id AS engineer FROM cases c JOIN visits v ON v.case_id = c.id WHERE v.id = ?').get(pick.visitId) as { assignee: string; engineer: string };
      await expect.poll(() => state(), { timeout: 30_000 }).toEqual({ assignee: pick.toId, engineer: pick.toId });
      // One mutation did both: the case and the visit changes carry the same client mutation.
      const rows = hubDb
        .prepare("SELECT entity, client_id AS clientId, mutation_id AS mutationId FROM change_log WHERE entity IN ('cases', 'visits') AND entity_id IN (?, ?) ORDER BY version DESC LIMIT 2")
        .all(pick.caseId, pick.visitId) as { entity: string; clientId: string; mutationId: number }[];
      expect(new Set(rows.map((r) => r.entity))).toEqual(new Set(['cases', 'visits']));
      expect(rows[0]?.mutationId).toBe(rows[1]?.mutationId);
      expect(rows[0]?.clientId).toBe(rows[1]?.clientId);
    } finally {
      hubDb.close();
    }
  });
});
