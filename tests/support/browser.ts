// Launches Debian's Chromium through playwright-core (never a downloaded browser).
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LAMPHOUSE_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Signs a demo account in on a console's page and waits until the Cases grid is on screen. */
export async function signInToCases(page: Page, url: string, email: string, timeoutMs = 30_000): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('grid', { name: 'Cases' }).waitFor({ timeout: timeoutMs });
}
