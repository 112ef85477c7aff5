// Email intake end to end against REAL servers started by the test (mail/testing/mail-servers.ts):
// mail sent over SMTP (Postfix) lands in the Dovecot mailbox the hub reads over IMAP IDLE; the hub's
// acknowledgements and replies go out over that Postfix and are read back from the sender's mailbox.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routePath } from '../../shared/admin.js';
import type { CaseEventRow } from '../../shared/case-events.js';
import type { CaseRow, PublicUser } from '../../shared/domain.js';
import type { MailboxView } from '../../shared/mail.js';
import { applyPush } from '../domain/push.js';
import { startHub, type RunningHub } from '../server.js';
import { createCaptureLogger } from '../testing/capture-log.js';
import { createTestDb, TEST_PASSWORD } from '../testing/fixtures.js';
import { callRoute } from '../testing/hub-http.js';
import { removeTempDir } from '../testing/temp-dir.js';
import type { IntakeOutcome } from './intake.js';
import { mailServersUnavailable, startMailServers, type MailServers } from './testing/mail-servers.js';
import { measureMailToCase } from './testing/measure.js';

const unavailable = mailServersUnavailable();
const SUPPORT = 'support@lamphouse.test';
const SIGNATURE = 'Lamphouse Support Desk';

type Handled = { outcome: IntakeOutcome; at: number };

describe.skipIf(unavailable !== null)(`email intake with real Dovecot and Postfix${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let servers: MailServers;
  let hub: RunningHub;
  let dir: string;
  let adminToken: string;
  let fseToken: string;
  let agent: PublicUser;
  let mailbox: MailboxView;
  const handled: Handled[] = [];
  const captured = createCaptureLogger();
  /** Set by the crash test: throws once after the commit, before the \Seen flag. */
  let crashOnce: ((outcome: IntakeOutcome) => boolean) | null = null;
  let mutationId = 0;
  const clientId = crypto.randomUUID();

  const waitFor = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) {
        const rows = await hub.repo.read((tx) => tx.listMailboxes());
        throw new Error(`Timed out waiting for ${what}; mailboxes: ${JSON.stringify(rows.map((r) => ({ state: r.state, lastError: r.lastError, retryAt: r.retryAt })))}; log: ${captured.lines.slice(-5).join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const casesTitled = (title: string) => hub.repo.read(async (tx) => (await tx.listRows('cases')).filter((c) => c.title === title));
  const caseTitled = (title: string) => waitFor<CaseRow>(`case "${title}"`, async () => (await casesTitled(title))[0]);
  const eventsOf = (caseId: string) => hub.repo.read((tx) => tx.caseEventsOf(caseId));
  const outcomeFor = (subject: string) => waitFor<Handled>(`mail "${subject}" handled`, async () => handled.find((h) => h.outcome.subject === subject));
  const mail = (o: { from?: string; fromName?: string; subject: string; body?: string; headers?: string; messageId?: string }) =>
    [
      `From: ${o.fromName ?? 'Robin Quinn'} <${o.from ?? 'robin@example.com'}>`,
      `To: Support <${SUPPORT}>`,
      `Subject: ${o.subject}`,
      `Message-ID: ${o.messageId ?? `<${crypto.randomUUID()}@example.com>`}`,
      'Date: Sat, 28 Nov 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      ...(o.headers ? [o.headers] : []),
      ...(o.body?.startsWith('Content-Type') ? [] : ['Content-Type: text/plain; charset=utf-8', '']),
      o.body ?? 'Hello',
      '',
    ].join('\r\n');

  beforeAll(async () => {
    servers = await startMailServers();
    const db = await createTestDb();
    dir = db.dir;
    agent = db.users.agent;
    // A second site whose contact is Robin, with a projector of its own.
    await db.repo.write(async (tx) => {
      const site = { id: crypto.randomUUID(), customerId: db.projector.customerId, name: 'Robin Cinema', address: '2 Reel Street', region: 'North', accessNotes: '', contactName: 'Robin Q.', contactPhone: '+44 20 7946 0000', contactEmail: 'Robin@Example.com', version: await tx.allocateVersion() };
      const projector = { id: crypto.randomUUID(), serial: 'EPS-7788-0001', model: 'EB-PU2220', manufacturer: 'Epson', siteId: site.id, installDate: '2023-05-01', warrantyStart: '2023-05-01', warrantyEnd: '2028-05-01', contractEnd: null, version: await tx.allocateVersion() };
      const signature = { id: 'mailIntake' as const, value: { acknowledge: true, maxAttachmentMb: 1, signature: SIGNATURE }, updatedAt: '2026-03-01T09:00:00.000Z', updatedBy: null, version: await tx.allocateVersion() };
      await tx.insertSites([site]);
      await tx.insertProjectors([projector]);
      await tx.putSetting(signature);
      const entry = (version: number, entity: 'sites' | 'projectors' | 'settings', row: { id: string }) => ({ version, entity, entityId: row.id, op: 'put' as const, before: null, after: row, userId: null, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: '2026-03-01T09:00:00.000Z' });
      await tx.appendChanges([entry(site.version, 'sites', site), entry(projector.version, 'projectors', projector), entry(signature.version, 'settings', signature)]);
    });
    await db.repo.close();
    hub = await startHub({
      dataDir: dir,
      port: 0,
      host: '127.0.0.1',
      log: captured.log,
      jwtSecret: 'm'.repeat(40),
      mail: {
        backoff: { baseMs: 200, maxMs: 1000 },
        sendBackoff: { baseMs: 100, maxMs: 500 },
        idleRecheckMs: 3000,
        connectTimeoutMs: 2000,
        hooks: {
          afterCommit: (outcome) => {
            if (crashOnce?.(outcome)) {
              crashOnce = null;
              throw new Error('simulated crash between commit and flag');
            }
          },
          handled: (outcome) => handled.push({ outcome, at: Date.now() }),
        },
      },
    });
    const login = async (email: string) => {
      const res = await fetch(`${hub.url}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: TEST_PASSWORD }) });
      return ((await res.json()) as { value: { accessToken: string } }).value.accessToken;
    };
    adminToken = await login('admin@test.test');
    fseToken = await login('fse@test.test');
    const created = await callRoute<MailboxView>(hub.url, 'mailboxes.create', {
      token: adminToken,
      body: {
        name: 'Lamphouse Support',
        address: SUPPORT,
        imap: { host: servers.imap.host, port: servers.imap.port, security: 'none', user: servers.imap.user, password: servers.imap.password },
        smtp: { host: servers.smtp.host, port: servers.smtp.port, security: 'none', user: 'support', password: 'smtp-not-needed-pw' },
      },
    });
    if (!created.ok) throw new Error(created.text);
    mailbox = created.value;
    await waitFor('the mailbox to idle', async () => (await hub.repo.read((tx) => tx.getMailbox(mailbox.id)))?.state === 'idle');
  }, 60_000);

  afterAll(async () => {
    await hub?.close();
    await servers?.stop();
    if (dir) removeTempDir(dir);
  }, 30_000);

  let firstCase: CaseRow;
  let firstMessageId: string;

  it('turns a new mail into an email case: serial and contact matched, mail flagged only after, acknowledged threaded', async () => {
    firstMessageId = `<${crypto.randomUUID()}@example.com>`;
    const subject = 'Projector EPS-7788-0001 flickers';
    await servers.deliver(mail({ subject, body: 'Screen 2 flickers every few minutes.', messageId: firstMessageId }), SUPPORT, 'robin@example.com');
    firstCase = await caseTitled(subject);
    expect(firstCase).toMatchObject({ channel: 'email', priority: 'P3', severity: 'minor', serial: 'EPS-7788-0001', contactEmail: 'robin@example.com', contactName: 'Robin Quinn', contactPhone: '+44 20 7946 0000', status: 'new' });
    expect(firstCase.projectorId).not.toBeNull();
    expect(firstCase.siteId).not.toBeNull();
    expect(firstCase.customerId).not.toBeNull();
    expect(firstCase.description).toBe('Screen 2 flickers every few minutes.');
    const events = await eventsOf(firstCase.id);
    const emailIn = events.find((e) => e.kind === 'email_in');
    expect(emailIn?.userId).toBeNull();
    expect(emailIn?.kind === 'email_in' && emailIn.data).toMatchObject({ from: 'robin@example.com', fromName: 'Robin Quinn', subject, messageId: firstMessageId, notices: [] });
    // Flagged \Seen on the server.
    await waitFor('the mail to be flagged', async () => (await servers.readMailbox('support')).find((m) => m.messageId === firstMessageId)?.seen);
    // The acknowledgement arrives in Robin's mailbox, threaded, with the case number in the subject.
    const ack = await servers.waitForMail('robin', (m) => m.inReplyTo === firstMessageId, 15_000);
    expect(ack.subject).toBe(`Re: ${subject} [${firstCase.number}]`);
    expect(ack.from).toBe(SUPPORT);
    expect(ack.references).toContain(firstMessageId);
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.text).toContain(firstCase.number);
    expect(ack.text).toContain(SIGNATURE);
    const out = await waitFor<CaseEventRow>('the ack to be marked sent', async () => (await eventsOf(firstCase.id)).find((e) => e.kind === 'email_out' && e.data.delivery === 'sent'));
    expect(out.kind === 'email_out' && out.data).toMatchObject({ automatic: true, messageId: ack.messageId, error: null });
    const view = (await callRoute<MailboxView[]>(hub.url, 'mailboxes.list', { token: adminToken })).value.find((m) => m.id === mailbox.id);
    expect(view?.handled).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('threads a reply into its case by the case number in the subject (no new case, no second acknowledgement)', async () => {
    const subject = `Re: still flickering [${firstCase.number}]`;
    await servers.deliver(mail({ subject, body: 'It is worse today.' }), SUPPORT, 'robin@example.com');
    await waitFor('the reply to thread', async () => (await eventsOf(firstCase.id)).filter((e) => e.kind === 'email_in').length === 2);
    expect(await casesTitled(subject)).toEqual([]);
    const outs = (await eventsOf(firstCase.id)).filter((e) => e.kind === 'email_out');
    expect(outs).toHaveLength(1);
  }, 30_000);

  it('threads a reply by In-Reply-To when the subject lost the case number', async () => {
    const ack = await servers.waitForMail('robin', (m) => m.inReplyTo === firstMessageId);
    const subject = 'About your message';
    await servers.deliver(mail({ subject, body: 'Any news?', headers: `In-Reply-To: ${ack.messageId}\r\nReferences: ${firstMessageId} ${ack.messageId}` }), SUPPORT, 'robin@example.com');
    await waitFor('the reply to thread', async () => (await eventsOf(firstCase.id)).filter((e) => e.kind === 'email_in').length === 3);
    expect(await casesTitled(subject)).toEqual([]);
  }, 30_000);

  it("sends an agent's reply threaded to the customer and counts it as the first response", async () => {
    const replyId = crypto.randomUUID();
    const outcome = await applyPush(hub.repo, agent, clientId, crypto.randomUUID(), [
      { id: ++mutationId, name: 'sendCaseReply', args: { id: replyId, caseId: firstCase.id, text: 'An engineer will visit tomorrow at 9.' }, baseVersions: {}, createdAt: new Date().toISOString() },
    ]);
    expect(outcome.results[0]).toMatchObject({ ok: true, result: { id: replyId } });
    const event = (await eventsOf(firstCase.id)).find((e) => e.id === replyId);
    expect(event?.kind === 'email_out' && event.data).toMatchObject({ automatic: false });
    expect(event?.userId).toBe(agent.id);
    const reply = await servers.waitForMail('robin', (m) => m.text.includes('An engineer will visit tomorrow'), 15_000);
    expect(reply.subject).toContain(firstCase.number);
    expect(reply.text).toContain(SIGNATURE);
    expect(reply.headers.get('auto-submitted')).toBeUndefined();
    // In reply to the customer's latest mail, with the whole thread in References.
    const lastIn = (await eventsOf(firstCase.id)).filter((e) => e.kind === 'email_in').at(-1);
    expect(lastIn?.kind === 'email_in' && reply.inReplyTo === lastIn.data.messageId).toBe(true);
    expect(reply.references).toContain(firstMessageId);
    await waitFor('the reply to be marked sent', async () => {
      const e = (await eventsOf(firstCase.id)).find((x) => x.id === replyId);
      return e?.kind === 'email_out' && e.data.delivery === 'sent';
    });
    const after = await hub.repo.read((tx) => tx.getCase(firstCase.id));
    expect(after?.slaEvents.filter((e) => e.kind === 'responded')).toHaveLength(1);
  }, 30_000);

  it('refuses a reply to a case without a contact email, and to a case the caller cannot see', async () => {
    const result = await applyPush(hub.repo, agent, clientId, crypto.randomUUID(), [
      { id: ++mutationId, name: 'sendCaseReply', args: { id: crypto.randomUUID(), caseId: crypto.randomUUID(), text: 'Hello' }, baseVersions: {}, createdAt: new Date().toISOString() },
    ]);
    expect(result.results[0]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('ignores auto-replies, bounces, mailer-daemon and our own address: no case, no reply, still flagged', async () => {
    const before = (await hub.repo.read((tx) => tx.listRows('cases'))).length;
    const cases: [string, Parameters<typeof mail>[0], string][] = [
      ['auto-submitted', { subject: 'Out of office', headers: 'Auto-Submitted: auto-replied', from: 'pat@customer.test' }, 'pat@customer.test'],
      ['precedence', { subject: 'Newsletter', headers: 'Precedence: bulk', from: 'pat@customer.test' }, 'pat@customer.test'],
      ['bounce', { subject: 'Undelivered Mail Returned to Sender', from: 'pat@customer.test' }, ''],
      ['daemon', { subject: 'Delivery Status Notification', from: 'MAILER-DAEMON@customer.test' }, 'mailer-daemon@customer.test'],
      ['loop', { subject: 'A mail from ourselves', from: SUPPORT }, SUPPORT],
    ];
    for (const [, m, envelope] of cases) await servers.deliver(mail(m), SUPPORT, envelope);
    for (const [name, m] of cases) {
      const h = await outcomeFor(m.subject);
      expect(h.outcome.kind, name).toBe('ignored');
    }
    expect((await hub.repo.read((tx) => tx.listRows('cases'))).length).toBe(before);
    expect(await hub.repo.read((tx) => tx.nextOutboxAt())).toBeNull();
    expect((await servers.readMailbox('pat')).length).toBe(0);
    const support = await servers.readMailbox('support');
    for (const [, m] of cases) expect(support.find((s) => s.subject === m.subject)?.seen).toBe(true);
  }, 30_000);

  it('stores HTML mail as sanitised text: no tag or script survives', async () => {
    const subject = 'HTML mail';
    const html = '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body><p onclick="steal()">Lamp <b>dead</b> &amp; fan loud</p><img src="http://evil.test/t.gif"><a href="javascript:alert(1)">link</a></body></html>';
    await servers.deliver(mail({ subject, body: `Content-Type: text/html; charset=utf-8\r\n\r\n${html}` }), SUPPORT, 'robin@example.com');
    const row = await caseTitled(subject);
    expect(row.description).toContain('Lamp dead & fan loud');
    expect(row.description).not.toMatch(/<|script|alert|onclick|color:red/);
  }, 30_000);

  it('keeps an attachment within the limit (served to those who see the case) and notes one over it', async () => {
    const subject = 'Photos of the fault';
    const small = Buffer.from('small attachment bytes \u00e9');
    const big = crypto.randomBytes(1536 * 1024);
    const boundary = 'b0und4ry';
    const part = (name: string, type: string, bytes: Buffer) =>
      [`--${boundary}`, `Content-Type: ${type}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, 'Content-Transfer-Encoding: base64', '', bytes.toString('base64').replace(/.{76}/g, '$&\r\n')].join('\r\n');
    const body = [`Content-Type: multipart/mixed; boundary="${boundary}"`, '', `--${boundary}`, 'Content-Type: text/plain', '', 'See attached.', part('note.txt', 'text/plain', small), part('video.bin', 'application/octet-stream', big), `--${boundary}--`].join('\r\n');
    await servers.deliver(mail({ subject, body }), SUPPORT, 'robin@example.com');
    const row = await caseTitled(subject);
    const emailIn = (await eventsOf(row.id)).find((e) => e.kind === 'email_in');
    if (emailIn?.kind !== 'email_in') throw new Error('no email_in event');
    const [kept, dropped] = emailIn.data.attachments;
    expect(kept).toMatchObject({ fileName: 'note.txt', stored: true, bytes: small.length });
    expect(dropped).toMatchObject({ fileName: 'video.bin', stored: false, bytes: big.length });
    expect(emailIn.data.notices.join(' ')).toMatch(/video\.bin.*over the 1\.0 MB limit/);
    const res = await fetch(`${hub.url}${routePath('attachments.get', kept?.id)}`, { headers: { Authorization: `Bearer ${adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="note.txt"/);
    expect(Buffer.from(await res.arrayBuffer()).equals(small)).toBe(true);
    // An FSE sees only cases assigned to them: the attachment is not there for them.
    const hidden = await callRoute(hub.url, 'attachments.get', { token: fseToken, id: kept?.id });
    expect(hidden.status).toBe(404);
    const missing = await callRoute(hub.url, 'attachments.get', { token: adminToken, id: dropped?.id });
    expect(missing.status).toBe(404);
  }, 30_000);

  it('still makes a case of malformed MIME, with a notice', async () => {
    const subject = 'Broken MIME';
    await servers.deliver(mail({ subject, body: 'Content-Type: multipart/mixed\r\n\r\n--nothing\r\nSome text about lamp 3\r\n--nothing--' }), SUPPORT, 'robin@example.com');
    const row = await caseTitled(subject);
    expect(row.description).toContain('lamp 3');
    const emailIn = (await eventsOf(row.id)).find((e) => e.kind === 'email_in');
    expect(emailIn?.kind === 'email_in' && emailIn.data.notices.join(' ')).toMatch(/malformed MIME|could not be read/);
  }, 30_000);

  it('re-reads a mail whose flag was lost in a crash after the commit, and only flags it (no second case)', async () => {
    const subject = 'Crash between commit and flag';
    crashOnce = (outcome) => outcome.subject === subject;
    await servers.deliver(mail({ subject }), SUPPORT, 'robin@example.com');
    const second = await waitFor('the re-read', async () => handled.find((h) => h.outcome.subject === subject));
    expect(second.outcome.kind).toBe('duplicate');
    expect(await casesTitled(subject)).toHaveLength(1);
    await waitFor('the flag', async () => (await servers.readMailbox('support')).find((m) => m.subject === subject)?.seen);
    expect(captured.lines.some((l) => l.includes('simulated crash between commit and flag'))).toBe(true);
  }, 30_000);

  it('measures mail → committed case on loopback (SMTP accepted → case row committed)', async () => {
    const samples = await measureMailToCase({ servers, repo: hub.repo, mailboxId: mailbox.id, to: SUPPORT, runs: 5 });
    console.info(`mail_to_case_ms: ${JSON.stringify(samples)}`);
    expect(samples.p50).toBeLessThan(5000);
  }, 60_000);

  it('records an unreachable server as an error with backoff, and recovers when it is back', async () => {
    await servers.stopImap();
    const down = await waitFor('the error state', async () => {
      const m = (await callRoute<MailboxView[]>(hub.url, 'mailboxes.list', { token: adminToken })).value.find((x) => x.id === mailbox.id);
      return m?.state === 'error' && m.retryAt ? m : null;
    });
    expect(down.lastError).toBeTruthy();
    // Mail arriving while the IMAP server is down waits in the mailbox.
    const subject = 'Sent while the mailbox was down';
    await servers.deliver(mail({ subject }), SUPPORT, 'robin@example.com');
    await servers.startImap();
    await caseTitled(subject);
    // The state is written after the unseen mail was handled.
    const up = await waitFor('the idle state', async () => (await callRoute<MailboxView[]>(hub.url, 'mailboxes.list', { token: adminToken })).value.find((x) => x.id === mailbox.id && x.state === 'idle'));
    expect(up).toMatchObject({ state: 'idle', lastError: null, retryAt: null });
  }, 40_000);

  it('never returns, stores in clear or logs a mailbox password; an update without one keeps it', async () => {
    const list = await callRoute<MailboxView[]>(hub.url, 'mailboxes.list', { token: adminToken });
    expect(list.value[0]?.imap).toEqual({ host: servers.imap.host, port: servers.imap.port, security: 'none', user: 'support', hasPassword: true });
    const updated = await callRoute<MailboxView>(hub.url, 'mailboxes.update', { token: adminToken, id: mailbox.id, body: { name: 'Support desk', imap: { port: servers.imap.port } } });
    expect(updated.ok).toBe(true);
    expect(updated.value.imap.hasPassword).toBe(true);
    for (const text of [list.text, updated.text]) expect(text).not.toContain(servers.imap.password);
    // Still reads mail with the kept password.
    await waitFor('the mailbox to idle again', async () => (await hub.repo.read((tx) => tx.getMailbox(mailbox.id)))?.state === 'idle');
    const subject = 'After the rename';
    await servers.deliver(mail({ subject }), SUPPORT, 'robin@example.com');
    await caseTitled(subject);
    for (const file of ['hub.db', 'hub.db-wal']) {
      if (!fs.existsSync(path.join(dir, file))) continue;
      expect(fs.readFileSync(path.join(dir, file)).includes(Buffer.from(servers.imap.password)), file).toBe(false);
    }
    expect(captured.lines.join('\n')).not.toContain(servers.imap.password);
    expect(fs.statSync(path.join(dir, 'mail-key')).mode & 0o777).toBe(0o600);
  }, 30_000);
});
