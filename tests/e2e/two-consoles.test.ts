// End to end in real Chromium: two browser-shell consoles on one hub. The agent logs a case with the
// keyboard only; the manager's console shows it within two seconds, without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startConsole, startHub, tempDir } from '../support/processes.js';

type Running = Awaited<ReturnType<typeof startConsole>>;

/** Opens the console and signs in, unless that console's core already holds a session. */
async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  const signInButton = page.getByRole('button', { name: 'Sign in' });
  const caseGrid = page.getByRole('grid', { name: 'Cases' });
  await signInButton.or(caseGrid).first().waitFor({ timeout: 15_000 });
  if (await caseGrid.isVisible()) return;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: /DTR-\d{4}-\d{6}/ }).first().waitFor({ timeout: 15_000 });
}

describe('two consoles in Chromium', () => {
  const dirs: string[] = [];
  let hub: Awaited<ReturnType<typeof startHub>>;
  let agentShell: Running;
  let managerShell: Running;
  let browser: Browser;
  let serial: string;

  beforeAll(async () => {
    const [hubDir, agentDir, managerDir] = [tempDir(), tempDir(), tempDir()];
    dirs.push(hubDir, agentDir, managerDir);
    hub = await startHub(hubDir);
    const db = new Database(path.join(hubDir, 'hub.db'), { readonly: true });
    serial = (db.prepare("SELECT serial FROM projectors ORDER BY serial LIMIT 1").get() as { serial: string }).serial;
    db.close();
    [agentShell, managerShell] = await Promise.all([startConsole(hub.url, agentDir), startConsole(hub.url, managerDir)]);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([agentShell?.stop(), managerShell?.stop()]);
    await hub?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows a wrong password as a clear message', async () => {
    const page = await browser.newPage();
    await page.goto(agentShell.url);
    await page.getByLabel('Email').fill('agent@demo.test');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' }).waitFor({ timeout: 5000 });
    await page.close();
  });

  it('agent creates a case with the keyboard only and the manager sees it within 2 seconds', async () => {
    const agent = await browser.newPage();
    const manager = await browser.newPage();
    await signIn(agent, agentShell.url, 'agent@demo.test');
    await signIn(manager, managerShell.url, 'manager@demo.test');
    await agent.getByRole('status').filter({ hasText: 'Online' }).waitFor({ timeout: 10_000 });

    const title = `Lamp flickers at start-up ${Date.now()}`;
    // The agent types the serial straight after Ctrl+N, as on a call: no keystroke may be lost.
    // Serial-first: a prefix typed with different case and spacing still finds the projector.
    const typed = serial.slice(0, 7).toLowerCase().replace('-', ' ');
    // A slow machine (CPU throttled 6x) renders the form late; the keystrokes must still land.
    const cdp = await agent.context().newCDPSession(agent);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await agent.keyboard.press('Control+n');
    await agent.keyboard.type(typed);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const form = agent.getByRole('dialog', { name: 'New case' });
    await form.waitFor();
    expect(await form.getByLabel('Serial').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await form.getByLabel('Serial').inputValue()).toBe(typed);
    const suggestions = agent.getByRole('listbox', { name: 'Matching projectors' });
    await suggestions.getByRole('option', { name: new RegExp(serial) }).waitFor({ timeout: 5000 });
    let guard = 0;
    while (!(await suggestions.getByRole('option', { name: new RegExp(serial), selected: true }).count()) && guard++ < 20) {
      await agent.keyboard.press('ArrowDown');
    }
    await agent.keyboard.press('Enter');
    await form.getByLabel('Site').waitFor();
    expect(await form.getByLabel('Customer').inputValue()).not.toBe('');

    await agent.keyboard.press('Tab');
    await agent.keyboard.type('Sam Booth');
    await agent.keyboard.press('Tab');
    await agent.keyboard.type('+44 161 496 0000');
    await agent.keyboard.press('Tab');
    await agent.keyboard.type('sam@example.com');
    await agent.keyboard.press('Tab'); // Channel: phone (default)
    await agent.keyboard.press('Tab');
    await agent.keyboard.type(title);
    await agent.keyboard.press('Tab');
    await agent.keyboard.type('Lamp flickers for ten minutes after every start.');
    expect(await form.getByLabel('Title').inputValue()).toBe(title);
    expect(await form.getByLabel('Contact name').inputValue()).toBe('Sam Booth');

    const started = Date.now();
    await agent.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached', timeout: 5000 });

    const managerRow = manager.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: new RegExp(title) });
    await managerRow.waitFor({ timeout: 2000 });
    expect(Date.now() - started).toBeLessThan(2000);
    await managerRow.filter({ hasText: /DTR-\d{4}-\d{6}/ }).waitFor({ timeout: 2000 });

    const agentRow = agent.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: new RegExp(title) });
    await agentRow.filter({ hasText: /DTR-\d{4}-\d{6}/ }).waitFor({ timeout: 5000 });
    await agent.close();
    await manager.close();
  }, 60_000);

  it('shows field-level messages for invalid input and keeps what was typed', async () => {
    const page = await browser.newPage();
    await signIn(page, agentShell.url, 'agent@demo.test');
    await page.keyboard.press('Control+n');
    const form = page.getByRole('dialog', { name: 'New case' });
    await form.getByLabel('Contact name').fill('Jo');
    await form.getByLabel('Email').fill('not-an-email');
    await form.getByRole('button', { name: 'Create case' }).click();
    await form.getByText('Enter a valid email address, like name@example.com.').waitFor({ timeout: 3000 });
    await form.getByText('Enter a title.').waitFor({ timeout: 3000 });
    expect(await form.getByLabel('Contact name').inputValue()).toBe('Jo');
    await page.close();
  });

  it('signs out and clears the session', async () => {
    const page = await browser.newPage();
    await signIn(page, agentShell.url, 'agent@demo.test');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 5000 });
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 5000 });
    await page.close();
  });
});
