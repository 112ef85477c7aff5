// End to end with real mail servers (Dovecot and Postfix from Debian, on loopback ports of their
// own) and real Chromium: an admin sets up the support mailbox in the console; a customer's mail
// becomes a case that a second console sees; an agent replies from the case timeline and the reply
// arrives in the customer's mailbox, threaded, with the case number in its subject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { mailServersUnavailable, startMailServers, type MailServers } from '../../hub-server/mail/testing/mail-servers.js';
import { launchChromium, signInToCases } from '../support/browser.js';
import { startConsole, startHub, tempDir } from '../support/processes.js';

type Running = Awaited<ReturnType<typeof startConsole>>;

const unavailable = mailServersUnavailable();

describe.skipIf(unavailable !== null)(`email intake with real mail servers${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const dirs: string[] = [];
  let servers: MailServers;
  let hub: Awaited<ReturnType<typeof startHub>>;
  let adminShell: Running;
  let agentShell: Running;
  let browser: Browser;

  beforeAll(async () => {
    const [hubDir, adminDir, agentDir] = [tempDir(), tempDir(), tempDir()];
    dirs.push(hubDir, adminDir, agentDir);
    servers = await startMailServers();
    hub = await startHub(hubDir);
    [adminShell, agentShell] = await Promise.all([startConsole(hub.url, adminDir), startConsole(hub.url, agentDir)]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([adminShell?.stop(), agentShell?.stop()]);
    await hub?.stop();
    await servers?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('turns a mail into a case another console sees, and the agent’s reply reaches the customer threaded', async () => {
    // The admin configures the support mailbox in the console; the password is never shown again.
    const admin = await browser.newPage();
    await signInToCases(admin, adminShell.url, 'admin@demo.test', 15_000);
    await admin.getByRole('link', { name: 'Mailboxes' }).click();
    await admin.getByRole('button', { name: 'New mailbox' }).click();
    const form = admin.getByRole('dialog');
    await form.getByLabel('Name', { exact: true }).fill('Support');
    await form.getByLabel('Address', { exact: true }).fill(servers.account('support').address);
    for (const [prefix, server] of [
      ['IMAP', servers.imap],
      ['SMTP', servers.smtp],
    ] as const) {
      await form.getByLabel(`${prefix} host`).fill(server.host);
      await form.getByLabel(`${prefix} port`).fill(String(server.port));
      await form.getByLabel(`${prefix} security`).selectOption('none');
      await form.getByLabel(`${prefix} user`).fill(servers.imap.user);
      await form.getByLabel(`${prefix} password`).fill(servers.imap.password);
    }
    await form.getByRole('button', { name: 'Add mailbox' }).click();
    const row = admin.getByRole('row').filter({ hasText: 'Support' });
    await row.getByText(/idle|polling/i).first().waitFor({ timeout: 20_000 });
    expect(await admin.content()).not.toContain(servers.imap.password);

    // A customer writes in: the agent's console shows the new case within seconds.
    const agent = await browser.newPage();
    await signInToCases(agent, agentShell.url, 'agent@demo.test', 15_000);
    const customer = servers.account('customer', 'customer.test');
    const subject = `Screen 2 projector shuts down ${Date.now()}`;
    const messageId = `<e2e-${Date.now()}@customer.test>`;
    const raw = [
      `From: Robin Customer <${customer.address}>`,
      `To: ${servers.account('support').address}`,
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      `Date: ${new Date().toUTCString()}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The projector on screen 2 shuts down ten minutes into every show.',
      '',
    ].join('\r\n');
    await servers.deliver(raw, servers.account('support').address, customer.address);
    const caseRow = agent.getByRole('grid', { name: 'Cases' }).getByRole('row', { name: new RegExp(subject) });
    await caseRow.filter({ hasText: /DTR-\d{4}-\d{6}/ }).waitFor({ timeout: 15_000 });
    const caseNumber = /DTR-\d{4}-\d{6}/.exec((await caseRow.textContent()) ?? '')?.[0] ?? '';
    expect(caseNumber).not.toBe('');

    // The acknowledgement reached the customer with the case number.
    await servers.waitForMail('customer', (m) => m.subject.includes(caseNumber) && m.inReplyTo === messageId, 20_000);

    // The agent replies from the timeline; the reply arrives threaded with the case number.
    await caseRow.click();
    const replyText = `We will send an engineer tomorrow morning (${Date.now()}).`;
    await agent.getByLabel('Reply to customer').fill(replyText);
    await agent.getByRole('button', { name: 'Send reply' }).click();
    const reply = await servers.waitForMail('customer', (m) => m.text.includes(replyText), 20_000);
    expect(reply.subject).toContain(caseNumber);
    expect([reply.inReplyTo, ...reply.references]).toContain(messageId);
    // The timeline shows the mail in and the reply out.
    await agent.getByText(replyText).first().waitFor({ timeout: 10_000 });
    await agent.getByText('ten minutes into every show', { exact: false }).first().waitFor({ timeout: 10_000 });

    await agent.close();
    await admin.close();
  }, 150_000);
});
