// mail_to_case_s: a customer's mail handed to the mail server (Postfix on loopback, delivering into
// Dovecot) to its case visible in a console: the hub reads the support mailbox over IMAP (IDLE),
// commits the case, and a real console core receives it through sync. Needs Debian's dovecot-imapd
// and postfix (installed by .ci/run); the part is skipped with a message where they are missing.
import fs from 'node:fs';
import { mailServersUnavailable, startMailServers } from '../../hub-server/mail/testing/mail-servers.js';
import { routePath } from '../../shared/admin.js';
import type { CaseSummary } from '../../shared/console-api.js';
import { startBenchCore } from '../lib/core.js';
import { benchTempDir, login, startBenchHub } from '../lib/hub.js';
import { metric, type Results } from '../lib/results.js';
import { percentile } from '../lib/stats.js';

export type MailBenchOptions = Readonly<{ samples: number; log: (line: string) => void }>;

export async function benchMailToCase(options: MailBenchOptions): Promise<Results> {
  const missing = mailServersUnavailable();
  if (missing) {
    options.log(`mail: skipped: ${missing}`);
    return {};
  }
  const servers = await startMailServers();
  const hubDir = benchTempDir('mail-hub');
  const coreDir = benchTempDir('mail-core');
  const hub = await startBenchHub(hubDir);
  const core = await startBenchCore(coreDir, hub.url);
  const { call, changed } = core;
  try {
    const admin = await login(hub.url, 'admin@demo.test');
    const server = (host: string, port: number) => ({ host, port, security: 'none', user: servers.imap.user, password: servers.imap.password });
    const created = await fetch(new URL(routePath('mailboxes.create'), hub.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
      body: JSON.stringify({ name: 'Support', address: servers.account('support').address, imap: server(servers.imap.host, servers.imap.port), smtp: server(servers.smtp.host, servers.smtp.port) }),
    });
    if (!created.ok) throw new Error(`mailbox not created: HTTP ${created.status} ${await created.text()}`);
    await core.signInAndSync('agent@demo.test');
    const customer = servers.account('customer', 'customer.test');
    const times: number[] = [];
    for (let i = 0; i < options.samples + 1; i++) {
      const subject = `Bench mail ${Date.now()}-${i}: image frozen on screen 3`;
      const raw = [
        `From: Robin Customer <${customer.address}>`,
        `To: ${servers.account('support').address}`,
        `Subject: ${subject}`,
        `Message-ID: <bench-${Date.now()}-${i}@customer.test>`,
        `Date: ${new Date().toUTCString()}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'The image froze during the matinee. Please send someone.',
        '',
      ].join('\r\n');
      const seen = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no case for "${subject}" within 30 s`)), 30_000);
        const probe = () =>
          void call<CaseSummary[]>('cases.list', { search: subject.slice(0, 40) }).then((rows) => {
            if (rows.some((r) => r.title === subject)) {
              clearTimeout(timer);
              changed.delete(probe);
              resolve(performance.now());
            }
          }, reject);
        changed.add(probe);
      });
      const t0 = performance.now();
      await servers.deliver(raw, servers.account('support').address, customer.address);
      const t1 = await seen;
      if (i >= 1) times.push((t1 - t0) / 1000); // the first mail also waits for the reader to connect
    }
    const p50 = percentile(times, 50);
    options.log(`mail to case: ${times.length} mails, p50 ${p50.toFixed(3)} s, max ${Math.max(...times).toFixed(3)} s`);
    return {
      mail_to_case_s: metric(p50, 's', { target: 5, note: `median of ${times.length} mails: SMTP hand-off to Postfix → Dovecot → hub IMAP IDLE → case committed → console sync; max ${Math.max(...times).toFixed(3)} s` }),
    };
  } finally {
    await core.close();
    await hub.stop();
    await servers.stop();
    fs.rmSync(hubDir, { recursive: true, force: true });
    fs.rmSync(coreDir, { recursive: true, force: true });
  }
}
