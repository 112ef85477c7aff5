// TEMP (delete): one measured round for the dev harness.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { percentile } from '../lib/stats.js';
/** Records, in page time, when each `cases.update` call went out and when its reply came back. */
const RECORD_CALLS = `(() => {
  const calls = new Map();
  window.__lamphouseCalls = calls;
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        try {
          const message = JSON.parse(event.data);
          if (message.kind === 'reply' && calls.has(message.id)) calls.get(message.id).replied = performance.now();
        } catch {}
      });
    }
    send(data) {
      try {
        const message = JSON.parse(data);
        if (message.kind === 'call' && message.method === 'cases.update') calls.set(message.id, { sent: performance.now(), replied: 0 });
      } catch {}
      return super.send(data);
    }
  };
})();`;

// Page-side code is passed as text: tsx would otherwise wrap these functions in helpers (`__name`)
// that do not exist in the page.
const MOUNT_BOARD = `new Promise((resolve) => {
  const t0 = performance.now();
  const ready = () => document.querySelectorAll('section.board-lane').length > 2 && document.querySelector('section.board-lane [data-case-id]') !== null;
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - t0));
  });
  observer.observe(document.body, { childList: true, subtree: true });
  location.hash = '#/board';
})`;

const WATCH_DROP = (caseId: string, index: number) => `(() => {
  const state = { up: 0, seen: 0 };
  window.__drag = state;
  window.addEventListener('pointerup', () => (state.up = performance.now()), { capture: true, once: true });
  const lane = document.querySelectorAll('section.board-lane')[${index}];
  const observer = new MutationObserver(() => {
    if (!lane.querySelector('[data-case-id="${caseId}"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => (state.seen = performance.now()));
  });
  observer.observe(lane, { childList: true, subtree: true });
})()`;

const DROP_COMMITTED = `new Promise((resolve, reject) => {
  const started = performance.now();
  const poll = () => {
    const drag = window.__drag;
    const calls = [...window.__lamphouseCalls.values()];
    const call = calls.filter((c) => c.sent >= drag.up - 50).at(-1);
    if (drag.seen && call && call.replied) return resolve({ total: Math.max(drag.seen, call.replied) - drag.up, painted: drag.seen - drag.up, committed: call.replied - drag.up, sentAfter: call.sent - drag.up });
    if (performance.now() - started > 5000) return reject(new Error('drag not committed: ' + JSON.stringify({ drag, calls: calls.length })));
    setTimeout(poll, 5);
  };
  poll();
})`;

const SETTLE = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`;

async function mountBoard(page: Page): Promise<number> {
  return (await page.evaluate(MOUNT_BOARD)) as number;
}

type DragTiming = Readonly<{ total: number; painted: number; committed: number; sentAfter: number }>;

async function dragOnce(page: Page): Promise<DragTiming> {
  const queue = page.locator('section.board-lane[aria-label^="Unassigned"]');
  const card = queue.locator('[data-case-id]').first();
  const caseId = (await card.getAttribute('data-case-id')) ?? '';
  // The first engineer lane.
  const labels = await page.locator('section.board-lane').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
  const targetIndex = labels.findIndex((label) => !/^(Unassigned|Escalations)/.test(label));
  if (targetIndex < 0) throw new Error('no engineer lane on the board');
  const target = page.locator('section.board-lane').nth(targetIndex);
  const from = await card.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('card or lane not visible');
  await page.evaluate(WATCH_DROP(caseId, targetIndex));
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 2 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(120, to.height / 2), { steps: 8 });
  // A hand hovers over the target before letting go: the release comes once the page has drawn
  // the hover (two frames), not in the same instant as the last move.
  await page.evaluate(SETTLE);
  await page.mouse.up();
  return (await page.evaluate(DROP_COMMITTED)) as DragTiming;
}


export async function measureRound(browser: Browser, url: string, mode: string): Promise<string> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  try {
    await page.addInitScript(RECORD_CALLS);
    await page.goto(url);
    const email = page.getByLabel('Email');
    if (await email.isVisible({ timeout: 3000 }).catch(() => false)) {
      await email.fill('manager@demo.test');
      await page.getByLabel('Password').fill('demo-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.getByRole('status').filter({ hasText: 'Online' }).waitFor({ timeout: 60_000 });
    await page.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: /DTR-\d{4}-\d{6}/ }).first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    const cdp = await page.context().newCDPSession(page);
    const prof = mode.includes('prof');
    if (prof && mode.includes('mount')) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
    const mounts: number[] = [];
    for (let i = 0; i < 6; i++) {
      if (i > 0) {
        await page.evaluate(() => (location.hash = '#/cases'));
        await page.getByRole('grid', { name: 'Cases' }).waitFor();
      }
      mounts.push(await mountBoard(page));
      if (i === 0 && prof && mode.includes('mount')) { const { profile } = await cdp.send('Profiler.stop'); fs.writeFileSync('/tmp/harness/mount.cpuprofile', JSON.stringify(profile)); }
    }
    await page.waitForTimeout(500);
    const timings: DragTiming[] = [];
    const n = mode.includes('drag') ? 8 : 4;
    for (let i = 0; i < n; i++) {
      if (i === 1 && prof && mode.includes('drag')) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
      timings.push(await dragOnce(page));
      if (i === 1 && prof && mode.includes('drag')) { const { profile } = await cdp.send('Profiler.stop'); fs.writeFileSync('/tmp/harness/drag.cpuprofile', JSON.stringify(profile)); }
      await page.waitForTimeout(300);
    }
    const med = (k: keyof DragTiming) => percentile(timings.map((t) => t[k]), 50).toFixed(1);
    return `mounts ${mounts.map((m) => m.toFixed(0)).join(' ')}\ndrag total ${med('total')} painted ${med('painted')} sent ${med('sentAfter')} committed ${med('committed')}\n` + timings.map((t) => JSON.stringify(t)).join('\n') + '\n';
  } finally {
    await page.close();
  }
}
