// End to end in real Chromium, the admin's story from issue 8: an admin creates a support agent; the
// agent signs in with the temporary password, must change it, and logs a case; the admin
// deactivates the agent, whose console is signed out at once; the audit log shows all of it and
// its hash chain verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startConsole, startHub, tempDir } from '../support/processes.js';

type Running = Awaited<ReturnType<typeof startConsole>>;

const NEW_AGENT = { name: 'Rita Quinn', email: `rita.quinn.${Date.now()}@example.com` };
const NEW_PASSWORD = 'violet-lamp-harbour-42';

async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('admin console in Chromium', () => {
  const dirs: string[] = [];
  let hub: Awaited<ReturnType<typeof startHub>>;
  let adminShell: Running;
  let agentShell: Running;
  let browser: Browser;
  let serial: string;

  beforeAll(async () => {
    const [hubDir, adminDir, agentDir] = [tempDir(), tempDir(), tempDir()];
    dirs.push(hubDir, adminDir, agentDir);
    hub = await startHub(hubDir);
    const db = new Database(path.join(hubDir, 'hub.db'), { readonly: true });
    serial = (db.prepare('SELECT serial FROM projectors ORDER BY serial LIMIT 1').get() as { serial: string }).serial;
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

  it('creates an agent, forces a password change, signs the agent out on deactivation, and audits it all', async () => {
    const admin = await browser.newPage();
    await signIn(admin, adminShell.url, 'admin@demo.test', 'demo-password');
    await admin.getByRole('grid', { name: 'Cases' }).waitFor({ timeout: 15_000 });

    // The admin creates the agent and reads the one-time temporary password.
    await admin.getByRole('link', { name: 'People' }).click();
    await admin.getByRole('button', { name: 'New person' }).click();
    const form = admin.getByRole('dialog', { name: 'New person' });
    await form.getByLabel('Name').fill(NEW_AGENT.name);
    await form.getByLabel('Email').fill(NEW_AGENT.email);
    await form.getByRole('combobox', { name: 'Role' }).click();
    await admin.getByRole('option', { name: 'Support agent' }).click();
    await form.getByRole('button', { name: 'Create person' }).click();
    const shown = admin.getByRole('dialog', { name: 'Temporary password' }).getByTestId('temporary-password');
    await shown.waitFor({ timeout: 10_000 });
    const temporary = (await shown.textContent())?.trim() ?? '';
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    await admin.keyboard.press('Escape');
    await admin.getByRole('row').filter({ hasText: NEW_AGENT.email }).waitFor({ timeout: 5000 });

    // The agent signs in with it and must choose a password before anything else.
    const agent = await browser.newPage();
    await signIn(agent, agentShell.url, NEW_AGENT.email, temporary);
    const change = agent.getByRole('dialog', { name: 'Change your password' }).or(agent.getByRole('region', { name: 'Change your password' }));
    await change.first().waitFor({ timeout: 15_000 });
    expect(await agent.getByRole('grid', { name: 'Cases' }).count()).toBe(0);
    await agent.getByLabel('Current password').fill(temporary);
    await agent.getByLabel('New password', { exact: true }).fill('short');
    await agent.getByText('Use at least 12 characters.').first().waitFor({ timeout: 3000 });
    await agent.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await agent.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await agent.getByRole('button', { name: 'Change password' }).click();
    await agent.getByRole('grid', { name: 'Cases' }).waitFor({ timeout: 15_000 });

    // The agent logs a case.
    const title = `Fan noise after lamp change ${Date.now()}`;
    await agent.keyboard.press('Alt+n');
    const caseForm = agent.getByRole('dialog', { name: 'New case' });
    await caseForm.waitFor();
    await caseForm.getByLabel('Serial').fill(serial);
    await agent.getByRole('listbox', { name: 'Matching projectors' }).getByRole('option', { name: new RegExp(serial) }).first().click();
    await caseForm.getByLabel('Contact name').fill('Dana Wells');
    await caseForm.getByLabel('Phone').fill('+44 161 496 0001');
    await caseForm.getByLabel('Title').fill(title);
    await caseForm.getByLabel('Description').fill('Loud fan noise since the lamp was replaced.');
    await caseForm.getByRole('button', { name: 'Create case' }).click();
    await agent
      .getByRole('grid', { name: 'Cases' })
      .getByRole('row', { name: new RegExp(title) })
      .filter({ hasText: /DTR-\d{4}-\d{6}/ })
      .waitFor({ timeout: 10_000 });

    // The admin deactivates the agent: the agent's console is signed out at once.
    await admin.getByRole('row').filter({ hasText: NEW_AGENT.email }).getByRole('button', { name: 'Deactivate' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await admin.getByRole('row').filter({ hasText: NEW_AGENT.email }).getByText('Deactivated').waitFor({ timeout: 10_000 });
    await agent.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });

    // A deactivated account cannot sign in again.
    await signIn(agent, agentShell.url, NEW_AGENT.email, NEW_PASSWORD);
    await agent.getByRole('alert').filter({ hasText: /deactivated/i }).waitFor({ timeout: 5000 });

    // The audit log shows the creation, the password change, the case and the deactivation, each
    // with who did it.
    await admin.getByRole('link', { name: 'Audit log' }).click();
    const entries = admin.getByRole('list', { name: 'Audit entries' }).getByRole('listitem');
    const entry = (...texts: (string | RegExp)[]) => texts.reduce((found, t) => found.filter({ hasText: t }), entries);
    const personChanges = entry(`Person: ${NEW_AGENT.name}`, 'Changed');
    await entry(`Person: ${NEW_AGENT.name}`, 'Created', 'Avery Admin').waitFor({ timeout: 10_000 });
    await entry(`Case:`, title, 'Created', NEW_AGENT.name).waitFor({ timeout: 10_000 });
    // Two changes to the person: the agent's own password change, then the admin's deactivation.
    expect(await personChanges.filter({ hasText: `· ${NEW_AGENT.name}` }).count()).toBeGreaterThanOrEqual(1);
    expect(await personChanges.filter({ hasText: 'Avery Admin' }).count()).toBeGreaterThanOrEqual(1);
    const deactivation = personChanges.filter({ hasText: 'Avery Admin' }).first();
    await deactivation.getByRole('button', { name: 'Show changes' }).click();
    const diff = deactivation.getByRole('table');
    await diff.getByRole('row', { name: /active/ }).first().waitFor({ timeout: 5000 });
    // Never a password, in any form, in the audit view.
    const shownText = (await admin.getByRole('list', { name: 'Audit entries' }).textContent()) ?? '';
    expect(shownText).not.toContain(temporary);
    expect(shownText).not.toContain(NEW_PASSWORD);
    await admin.getByRole('button', { name: 'Verify chain' }).click();
    await admin.getByText(/Audit log intact/).waitFor({ timeout: 10_000 });

    await agent.close();
    await admin.close();
  }, 120_000);
});
