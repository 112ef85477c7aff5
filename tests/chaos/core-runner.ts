// Child-process entry for the chaos harness: one real console core (createConsoleCore) answering
// ConsoleApi calls over Node IPC, so the harness can SIGKILL it and start it again on the same
// data dir. Run as `node --import tsx tests/chaos/core-runner.ts <hubUrlViaProxy> <dataDir>`.
//
// Parent → child: {id, method, arg}. Child → parent: {id, reply, write?} where `write` names the
// outbox row a successful write just appended ({clientId, mutationId, ...}), read in the same
// tick as the write so no push result can have removed it yet; {ready}; {event} for rejections.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { createConsoleCore, normaliseHubUrl } from '../../desktop/main/core/console-core.js';
import { cacheFileFor } from '../../desktop/main/core/cache/cache-location.js';
import type { Logger } from '../../desktop/main/core/logger.js';
import type { ConsoleEvents } from '../../shared/console-api.js';
import type { ReplyEnvelope } from '../../shared/ipc.js';
import type { WriteRecord, RunnerMessage, RunnerRequest } from './runner-protocol.js';

const WRITE_METHODS = new Set(['cases.create', 'cases.update', 'cases.delete', 'conflicts.resolve']);

const [hubUrl, dataDir] = process.argv.slice(2);
if (!hubUrl || !dataDir || !process.send) {
  process.stderr.write('usage: node --import tsx tests/chaos/core-runner.ts <hubUrl> <dataDir> (as an IPC child)\n');
  process.exit(2);
}

function send(message: RunnerMessage): void {
  process.send?.(message);
}

const log = (level: string) => (message: string, extra?: unknown) => {
  const detail = extra instanceof Error ? extra.stack : extra === undefined || extra === '' ? '' : JSON.stringify(extra);
  process.stderr.write(`[core ${level}] ${message} ${detail ?? ''}\n`);
};
const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error') };

// Short backoff and heartbeat: the harness heals the network and wants the cores back within
// seconds; a stalled link is detected as dead after a couple of missed pongs.
const core = await createConsoleCore(
  { dataDir, hubUrl },
  {
    logger,
    backoff: { baseMs: 100, maxMs: 1500, random: Math.random },
    heartbeatMs: Number(process.env.CHAOS_HEARTBEAT_MS ?? 1500),
    clientName: 'chaos',
  },
);

core.onEvent((event) => {
  if (event.name === 'mutation.rejected') send({ event: 'mutation.rejected', payload: event.payload as ConsoleEvents['mutation.rejected'] });
});

let cacheReader: { file: string; db: Database.Database } | null = null;

/** The outbox row just written, read through a separate read-only connection to the cache file. */
function lastWrite(userId: string): WriteRecord | null {
  const file = cacheFileFor(dataDir!, normaliseHubUrl(hubUrl!), userId);
  if (cacheReader?.file !== file) {
    cacheReader?.db.close();
    cacheReader = fs.existsSync(file) ? { file, db: new Database(file, { readonly: true, fileMustExist: true }) } : null;
  }
  if (!cacheReader) return null;
  const clientId = cacheReader.db.prepare("SELECT value FROM meta WHERE key = 'clientId'").pluck().get() as string | undefined;
  const row = cacheReader.db.prepare('SELECT mutation_id AS mutationId, name, case_id AS caseId, args, base_versions AS baseVersions FROM outbox ORDER BY mutation_id DESC LIMIT 1').get() as
    | { mutationId: number; name: string; caseId: string | null; args: string; baseVersions: string }
    | undefined;
  if (!clientId || !row) return null;
  return { clientId, mutationId: row.mutationId, name: row.name, caseId: row.caseId, args: JSON.parse(row.args) as unknown, baseVersions: JSON.parse(row.baseVersions) as Record<string, number> };
}

let nextCallId = 1;
let currentUserId: string | null = null;

process.on('message', (raw: unknown) => {
  const request = raw as RunnerRequest;
  if (typeof request?.id !== 'number' || typeof request.method !== 'string') return;
  void (async () => {
    let reply: ReplyEnvelope;
    let write: WriteRecord | null = null;
    try {
      reply = await core.handle(nextCallId++, request.method, request.arg);
      // Synchronously after the write committed: nothing from the socket can run in between.
      if (reply.ok && WRITE_METHODS.has(request.method) && currentUserId) write = lastWrite(currentUserId);
      if (reply.ok && (request.method === 'session.login' || request.method === 'session.get')) {
        currentUserId = (reply.value as { user?: { id?: string } } | null)?.user?.id ?? currentUserId;
      }
    } catch (error) {
      reply = { kind: 'reply', id: request.id, ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } };
    }
    send({ id: request.id, reply, write });
  })();
});

process.on('disconnect', () => {
  // The harness went away: close cleanly (outbox stays on disk) and leave.
  void core.close().finally(() => process.exit(0));
});

const session = await core.handle(0, 'session.get', {});
if (session.ok) currentUserId = (session.value as { user?: { id?: string } } | null)?.user?.id ?? null;
send({ ready: true, userId: currentUserId });
