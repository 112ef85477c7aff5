// End to end in Chromium: two managers on the assignment board in two consoles. One assigns by
// drag and drop and the other sees the card move; the other assigns by keyboard only and accepts a
// recommendation with one key; both assign the same case at once (one of them offline) and exactly
// one wins, the other's card snapping back with a message naming who assigned it to whom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { routePath } from '../../shared/admin.js';
import { launchChromium } from '../support/browser.js';
import { startConsole, startHub, tempDir } from '../support/processes.js';
import { createFaultProxy, type FaultProxy } from '../chaos/fault-proxy.js';

type Running = Awaited<ReturnType<typeof startConsole>>;

/** The projector models of the demo installed base (hub-server/seed/demo-data.ts). */
const DEMO_MODELS = ['SP4K-25', 'DP4K-32B', 'SP2K-11C', 'S4K-22', 'CP4440-RGB', 'CP2320-RGB', 'CP4325-RGB', 'CP2308', 'NC1402L', 'NC3541L', 'NC2041L', 'SRX-R815P', 'SRX-R515P', 'EB-PU2220B', 'EB-L1755U'];

const SECOND_MANAGER = { name: 'Noor Haddad', email: `noor.haddad.${Date.now()}@example.com`, password: 'amber-reel-lantern-77' };

async function hubCall<T>(hubUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(new URL(path, hubUrl), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = (await response.json()) as { ok: boolean; value: T; error?: unknown };
  if (!payload.ok) throw new Error(`${method} ${path}: ${JSON.stringify(payload.error)}`);
  return payload.value;
}

/** A second manager, signed up the way an admin would: created, then their temporary password changed. */
async function createSecondManager(hubUrl: string): Promise<void> {
  const admin = await hubCall<{ accessToken: string }>(hubUrl, 'POST', '/auth/login', null, { email: 'admin@demo.test', password: 'demo-password' });
  const created = await hubCall<{ temporaryPassword: string }>(hubUrl, 'POST', routePath('users.create'), admin.accessToken, {
    name: SECOND_MANAGER.name,
    email: SECOND_MANAGER.email,
    role: 'manager',
    regions: ['North', 'Central', 'South'],
  });
  const first = await hubCall<{ accessToken: string }>(hubUrl, 'POST', '/auth/login', null, { email: SECOND_MANAGER.email, password: created.temporaryPassword });
  await hubCall(hubUrl, 'POST', routePath('account.changePassword'), first.accessToken, { currentPassword: created.temporaryPassword, newPassword: SECOND_MANAGER.password });
}

/**
 * Every demo engineer works every day and knows every demo model, so recommendations exist whatever
 * day of the week the test runs (the demo week is Monday to Friday).
 */
async function everyoneWorksToday(hubUrl: string): Promise<void> {
  const admin = await hubCall<{ accessToken: string }>(hubUrl, 'POST', '/auth/login', null, { email: 'admin@demo.test', password: 'demo-password' });
  const users = await hubCall<{ id: string; role: string; engineer: { dailyCapacity: number } | null }[]>(hubUrl, 'GET', routePath('users.list'), admin.accessToken);
  for (const user of users.filter((u) => u.role === 'fse')) {
    await hubCall(hubUrl, 'PATCH', routePath('users.updateEngineer', user.id), admin.accessToken, {
      skills: DEMO_MODELS,
      dailyCapacity: 20,
      workingHours: Array.from({ length: 7 }, () => ({ start: '00:00', end: '23:59' })),
      timeOff: [],
    });
  }
}

async function openBoard(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: /DTR-\d{4}-\d{6}/ }).first().waitFor({ timeout: 20_000 });
  await page.getByRole('link', { name: 'Board' }).click();
  await page.getByRole('heading', { name: 'Assignment board' }).waitFor({ timeout: 10_000 });
}

const lane = (page: Page, name: string | RegExp): Locator => page.getByRole('region', { name });
const queue = (page: Page) => lane(page, /^Unassigned \(\d+\)$/);
const card = (scope: Locator, caseId: string) => scope.locator(`[data-case-id="${caseId}"]`);

/** The first engineer lane whose engineer may take cases today (not filtered by capacity here). */
async function engineerLaneNames(page: Page): Promise<string[]> {
  const labels = await page.locator('section.board-lane').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
  return labels.filter((l) => !/^(Unassigned|Escalations)/.test(l)).map((l) => l.replace(/ \(\d+\)$/, ''));
}

async function dragTo(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('card or lane not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2, { steps: 2 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(100, b.height / 2), { steps: 10 });
  await page.mouse.up();
}

describe('assignment board in Chromium', () => {
  const dirs: string[] = [];
  let hub: Awaited<ReturnType<typeof startHub>>;
  let proxy: FaultProxy;
  let firstShell: Running;
  let secondShell: Running;
  let browser: Browser;

  beforeAll(async () => {
    const [hubDir, firstDir, secondDir] = [tempDir(), tempDir(), tempDir()];
    dirs.push(hubDir, firstDir, secondDir);
    hub = await startHub(hubDir);
    await createSecondManager(hub.url);
    await everyoneWorksToday(hub.url);
    proxy = await createFaultProxy({ targetPort: Number(new URL(hub.url).port), random: Math.random });
    [firstShell, secondShell] = await Promise.all([startConsole(proxy.url, firstDir), startConsole(hub.url, secondDir)]);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([firstShell?.stop(), secondShell?.stop()]);
    await proxy?.close();
    await hub?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves cards live between two managers, by mouse and by keyboard, and settles a race with a clear message', async () => {
    const morgan = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const noor = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await openBoard(morgan, firstShell.url, 'manager@demo.test', 'demo-password');
    await openBoard(noor, secondShell.url, SECOND_MANAGER.email, SECOND_MANAGER.password);
    // Each sees the other on the board.
    await morgan.getByText(new RegExp(`Also here: .*${SECOND_MANAGER.name}`)).waitFor({ timeout: 10_000 });

    const engineers = await engineerLaneNames(morgan);
    expect(engineers.length).toBeGreaterThan(1);
    const unassignedIds = await queue(morgan)
      .locator('[data-case-id]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-case-id') ?? ''));
    expect(unassignedIds.length).toBeGreaterThanOrEqual(3);
    const [dragged, keyed, raced] = unassignedIds as [string, string, string];

    // 1. Morgan drags a card onto an engineer; Noor's board shows it move.
    const target = engineers[0]!;
    await dragTo(morgan, card(queue(morgan), dragged), lane(morgan, new RegExp(`^${target} \\(\\d+\\)$`)));
    await card(lane(morgan, new RegExp(`^${target} \\(`)), dragged).waitFor({ timeout: 2000 });
    await card(lane(noor, new RegExp(`^${target} \\(`)), dragged).waitFor({ timeout: 5000 });

    // 2. Noor assigns by keyboard only: focus moves to a card, "a" opens Assign, type-ahead, Enter.
    const keyedCard = card(queue(noor), keyed);
    await keyedCard.focus();
    await noor.keyboard.press('a');
    const dialog = noor.getByRole('dialog', { name: /^Assign / });
    await dialog.waitFor({ timeout: 5000 });
    const second = engineers[1]!;
    await noor.keyboard.type(second.split(' ')[0]!);
    await noor.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 5000 });
    await card(lane(noor, new RegExp(`^${second} \\(`)), keyed).waitFor({ timeout: 5000 });
    await card(lane(morgan, new RegExp(`^${second} \\(`)), keyed).waitFor({ timeout: 5000 });

    // 3. The race: Morgan's console loses the hub and assigns the case to one engineer; Noor
    //    assigns it to another meanwhile. When Morgan is back, Noor's assignment stands and Morgan
    //    is told who assigned it to whom.
    proxy.partition();
    await morgan.getByRole('status').filter({ hasText: /Offline|Reconnecting/ }).waitFor({ timeout: 15_000 });
    await dragTo(morgan, card(queue(morgan), raced), lane(morgan, new RegExp(`^${engineers[0]} \\(`)));
    await card(lane(morgan, new RegExp(`^${engineers[0]} \\(`)), raced).waitFor({ timeout: 2000 });
    const racedCard = card(queue(noor), raced);
    await racedCard.focus();
    await noor.keyboard.press('a');
    await noor.getByRole('dialog', { name: /^Assign / }).waitFor();
    await noor.keyboard.type(second.split(' ')[0]!);
    await noor.keyboard.press('Enter');
    await card(lane(noor, new RegExp(`^${second} \\(`)), raced).waitFor({ timeout: 5000 });
    proxy.heal();
    await morgan.getByRole('button', { name: 'Retry now' }).click({ timeout: 2000 }).catch(() => undefined);
    await morgan.getByText(new RegExp(`${SECOND_MANAGER.name} assigned DTR-\\d{4}-\\d{6} to ${second}`)).waitFor({ timeout: 30_000 });
    await card(lane(morgan, new RegExp(`^${second} \\(`)), raced).waitFor({ timeout: 10_000 });
    expect(await card(lane(noor, new RegExp(`^${second} \\(`)), raced).count()).toBe(1);

    // 4. Accepting a recommendation with one key: "r" on an unassigned card assigns the top match.
    const next = card(queue(noor), (await queue(noor).locator('[data-case-id]').first().getAttribute('data-case-id')) ?? '');
    const nextId = (await next.getAttribute('data-case-id')) ?? '';
    await next.focus();
    await noor.keyboard.press('r');
    await expect.poll(async () => await card(queue(noor), nextId).count(), { timeout: 5000 }).toBe(0);
    await noor.locator(`section.board-lane [data-case-id="${nextId}"]`).first().waitFor({ timeout: 5000 });

    await morgan.close();
    await noor.close();
  }, 150_000);
});
