// End to end in real Chromium: a support agent takes a call in the intake window with the keyboard
// only: finds the projector by a sloppily typed serial, sees its site, warranty and open cases,
// is warned about the open case on that projector, saves a new case anyway, and sees its DTR number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, signInToCases } from '../support/browser.js';
import { startConsole, startHub, tempDir } from '../support/processes.js';

type Running = Awaited<ReturnType<typeof startConsole>>;

describe('phone intake in Chromium', () => {
  const dirs: string[] = [];
  let hub: Awaited<ReturnType<typeof startHub>>;
  let agentShell: Running;
  let browser: Browser;
  /** A projector that has an open case (for the duplicate guard) and its site's name. */
  let serial: string;
  let siteName: string;

  beforeAll(async () => {
    const [hubDir, agentDir] = [tempDir(), tempDir()];
    dirs.push(hubDir, agentDir);
    hub = await startHub(hubDir);
    const db = new Database(path.join(hubDir, 'hub.db'), { readonly: true });
    const row = db
      .prepare(
        `SELECT p.serial AS serial, s.name AS siteName FROM cases c JOIN projectors p ON p.id = c.projector_id JOIN sites s ON s.id = p.site_id
         WHERE c.status NOT IN ('resolved', 'closed') ORDER BY p.serial LIMIT 1`,
      )
      .get() as { serial: string; siteName: string };
    db.close();
    serial = row.serial;
    siteName = row.siteName;
    agentShell = await startConsole(hub.url, agentDir);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await agentShell?.stop();
    await hub?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes a call from search to saved case with the keyboard only', async () => {
    const page = await browser.newPage();
    await signInToCases(page, agentShell.url, 'agent@demo.test', 15_000);
    await page.goto(`${agentShell.url.split('?')[0]}#/intake`);
    await page.getByRole('heading', { name: 'Phone intake' }).waitFor({ timeout: 10_000 });
    const search = page.getByLabel('Find caller or projector');
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);

    // Lower case, a space for the dash, typed straight away as on a call.
    await page.keyboard.type(serial.toLowerCase().replace('-', ' '));
    const matches = page.getByRole('listbox', { name: 'Intake matches' });
    await matches.getByRole('option', { name: new RegExp(serial) }).first().waitFor({ timeout: 5000 });
    let guard = 0;
    while (!(await matches.getByRole('option', { name: new RegExp(serial), selected: true }).count()) && guard++ < 20) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    const context = page.getByRole('region', { name: 'Caller context' });
    await context.getByText(siteName).first().waitFor({ timeout: 5000 });
    await context.getByText(/warranty/i).first().waitFor();
    // The duplicate guard shows the open case on this projector before saving.
    await page.getByRole('button', { name: 'Add to that case instead' }).first().waitFor({ timeout: 5000 });

    const title = `Intake by keyboard ${Date.now()}`;
    // From the context on, the form is filled by keyboard: focus moves into the case fields.
    await page.getByLabel('Title').focus();
    await page.keyboard.type(title);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Image flickers on the left edge during shows.');
    await page.keyboard.press('Control+Enter');
    await page.getByText(/DTR-\d{4}-\d{6}/).first().waitFor({ timeout: 10_000 });
    await page.close();
  }, 90_000);
});
