// End to end in Chromium: a console loses its hub link, keeps working, and two people change the
// same case's priority. The offline change is held back as a conflict, never silently lost: its
// author sees it, keeps theirs, and the other console receives that value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startConsole, startHub, tempDir } from '../support/processes.js';
import { createFaultProxy, type FaultProxy } from '../chaos/fault-proxy.js';

type Running = Awaited<ReturnType<typeof startConsole>>;

async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: /DTR-\d{4}-\d{6}/ }).first().waitFor({ timeout: 15_000 });
}

/** Opens the case, sets its priority and closes it again; returns the priority it had. */
async function setPriority(page: Page, caseNumber: string, priority: string | ((current: string) => string)): Promise<string> {
  await page.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: new RegExp(caseNumber) }).click();
  const detail = page.getByRole('dialog', { name: new RegExp(caseNumber) });
  const select = detail.getByLabel('Priority');
  const before = await select.inputValue();
  await select.selectOption(typeof priority === 'string' ? priority : priority(before));
  await page.keyboard.press('Escape');
  await detail.waitFor({ state: 'detached' });
  return before;
}

describe('offline edit and conflict in Chromium', () => {
  const dirs: string[] = [];
  let hub: Awaited<ReturnType<typeof startHub>>;
  let proxy: FaultProxy;
  let agentShell: Running;
  let managerShell: Running;
  let browser: Browser;

  beforeAll(async () => {
    const [hubDir, agentDir, managerDir] = [tempDir(), tempDir(), tempDir()];
    dirs.push(hubDir, agentDir, managerDir);
    hub = await startHub(hubDir);
    proxy = await createFaultProxy({ targetPort: Number(new URL(hub.url).port), random: Math.random });
    [agentShell, managerShell] = await Promise.all([startConsole(proxy.url, agentDir), startConsole(hub.url, managerDir)]);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([agentShell?.stop(), managerShell?.stop()]);
    await proxy?.close();
    await hub?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds back a concurrent priority change as a conflict its author resolves', async () => {
    const agent = await browser.newPage();
    const manager = await browser.newPage();
    await signIn(agent, agentShell.url, 'agent@demo.test');
    await signIn(manager, managerShell.url, 'manager@demo.test');
    const firstRow = agent.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: /DTR-\d{4}-\d{6}/ }).first();
    const caseNumber = /DTR-\d{4}-\d{6}/.exec((await firstRow.textContent()) ?? '')![0];

    proxy.partition();
    await agent.getByRole('status').filter({ hasText: /Offline|Reconnecting/ }).waitFor({ timeout: 15_000 });

    // Offline, the console still answers from its cache and queues the change.
    // Two different values, both different from what the case has now.
    let mine = '';
    let theirs = '';
    await setPriority(agent, caseNumber, (current) => (mine = ['P1', 'P2', 'P3', 'P4'].find((p) => p !== current)!));
    await agent.getByText('1 change waiting to sync').waitFor({ timeout: 5000 });
    await setPriority(manager, caseNumber, (current) => (theirs = ['P4', 'P3', 'P2', 'P1'].find((p) => p !== current && p !== mine)!));

    proxy.heal();
    // "Retry now" skips the rest of the backoff wait; the console may also get there by itself
    // first (the button then disappears), which is just as good.
    await agent.getByRole('button', { name: 'Retry now' }).click({ timeout: 2000 }).catch(() => undefined);
    await agent.getByRole('status').filter({ hasText: 'Online' }).waitFor({ timeout: 30_000 });
    const conflictsButton = agent.getByRole('button', { name: 'Conflicts (1)' });
    await conflictsButton.waitFor({ timeout: 10_000 });
    expect(await agent.getByText('1 change waiting to sync').count()).toBe(0);

    // The manager's value stands on both consoles until the agent decides.
    const agentRow = agent.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: new RegExp(caseNumber) });
    await agentRow.filter({ hasText: theirs }).waitFor({ timeout: 5000 });

    await conflictsButton.click();
    const item = agent.getByRole('listitem', { name: new RegExp(`Priority on ${caseNumber}`) });
    await item.getByRole('button', { name: 'Keep mine' }).click();
    await agent.getByRole('button', { name: 'Conflicts', exact: true }).waitFor({ timeout: 10_000 });

    const managerRow = manager.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: new RegExp(caseNumber) });
    await managerRow.filter({ hasText: mine }).waitFor({ timeout: 5000 });
    await agent.close();
    await manager.close();
  }, 90_000);
});
