// Measurement helper (tests and `bench -- intake`): time from a mail accepted by the SMTP server
// (Postfix's 250) to its case committed in the hub (the mail_messages row commits with the case).
import crypto from 'node:crypto';
import type { HubRepository } from '../../db/repository.js';
import type { MailServers } from './mail-servers.js';

export type MailToCaseSamples = Readonly<{ samplesMs: readonly number[]; p50: number; max: number }>;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Waits for a commit that stored this Message-ID as handled (checked after every commit). */
function committed(repo: HubRepository, mailboxId: string, messageId: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let done = false;
    const check = () => {
      void repo.read((tx) => tx.findMailMessage(mailboxId, messageId, 'in')).then((row) => {
        if (row && !done) finish(null, performance.now());
      }, (error: unknown) => finish(error as Error));
    };
    const stop = repo.onCommit(check);
    const poll = setInterval(check, 20);
    const timer = setTimeout(() => finish(new Error(`No case for ${messageId} within ${timeoutMs} ms.`)), timeoutMs);
    function finish(error: Error | null, at = 0) {
      if (done) return;
      done = true;
      stop();
      clearInterval(poll);
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(at);
    }
  });
}

export async function measureMailToCase(options: Readonly<{ servers: MailServers; repo: HubRepository; mailboxId: string; to: string; runs: number; timeoutMs?: number }>): Promise<MailToCaseSamples> {
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const messageId = `<${crypto.randomUUID()}@bench.example.com>`;
    const raw = [`From: Bench <robin@example.com>`, `To: <${options.to}>`, `Subject: Bench mail ${i}`, `Message-ID: ${messageId}`, 'MIME-Version: 1.0', 'Content-Type: text/plain', '', 'Timing run.', ''].join('\r\n');
    const waiting = committed(options.repo, options.mailboxId, messageId, options.timeoutMs ?? 15_000);
    // From handing the mail to SMTP: Postfix's queueing and delivery count, as they would in production.
    const start = performance.now();
    await options.servers.deliver(raw, options.to, 'robin@example.com');
    const at = await waiting;
    samples.push(Math.round((at - start) * 10) / 10);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { samplesMs: samples, p50: percentile(sorted, 50), max: sorted.at(-1) ?? Number.NaN };
}
