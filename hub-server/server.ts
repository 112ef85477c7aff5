// Starts a hub: data folder, secret, database (migrated), first-start data, HTTP app and /sync on
// one node server. Returns its URL and a close() that ends sockets and the database cleanly.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { emailSchema } from '../shared/domain.js';
import { isAppError } from '../shared/errors.js';
import { passwordProblem } from '../shared/passwords.js';
import { resolveAuditKey } from './audit/hash-chain.js';
import type { AuditChainReport } from './audit/verify.js';
import { createHubApp } from './app.js';
import { createAccessTokenService } from './auth/access-token.js';
import { createAuthService } from './auth/auth-service.js';
import { resolveJwtSecret } from './auth/jwt-secret.js';
import { hashPassword } from './auth/password.js';
import { isoAt, systemClock, type Clock } from './clock.js';
import { ensureEpoch } from './db/epoch.js';
import { epochAfterRestoreCheck, keepHeadMark } from './db/restore-guard.js';
import type { HubRepository } from './db/repository.js';
import { openSqliteRepository, verifyAuditOfFile } from './db/sqlite-repository.js';
import { insertUsersWithChanges } from './domain/users.js';
import { compactChangeLog, type CompactionOutcome } from './domain/compaction.js';
import { createStderrLogger, type HubLogger } from './logger.js';
import { createMailService, type MailService, type MailServiceOptions } from './mail/mail-service.js';
import { seedDemoData, type DemoAccount } from './seed/demo-data.js';
import { backfillSlaEvents } from './domain/sla.js';
import { startEscalationTimer } from './domain/escalation.js';
import { startVisitReminderTimer } from './domain/visit-reminders.js';
import { StartupError } from './startup-error.js';
import { attachSyncServer } from './sync/sync-server.js';

export const MIN_ADMIN_PASSWORD = 12;

export type StartHubOptions = Readonly<{
  dataDir: string;
  /** 0 picks any free port. */
  port: number;
  host: string;
  jwtSecret?: string;
  /** Seed demo data when the database has no users. */
  demo?: boolean;
  /** Create this admin when the database has no users. */
  initAdmin?: Readonly<{ email: string; password: string; name?: string }>;
  log?: HubLogger;
  clock?: Clock;
  helloTimeoutMs?: number;
  /** Run the escalation evaluator (default true; tests that count rows of a fixed data set turn it off). */
  escalations?: boolean;
  /** Send the day-before visit reminders (default true). */
  visitReminders?: boolean;
  /** Tuning of the mail service (tests: short backoff, hooks). */
  mail?: Omit<MailServiceOptions, 'repo' | 'dataDir' | 'log' | 'clock'>;
}>;

export type RunningHub = Readonly<{
  url: string;
  port: number;
  host: string;
  /** Demo accounts, when this start created the demo data. */
  demoAccounts: readonly DemoAccount[] | null;
  adminCreated: boolean;
  /** True when nobody can sign in (no users and neither demo nor init-admin). */
  noUsers: boolean;
  /** The hub's storage, for in-process tools and tests (writes through it fan out like any other). */
  repo: HubRepository;
  /** The mail service (mailbox readers and the outbox sender). */
  mail: MailService;
  close(): Promise<void>;
}>;

function prepareDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'ENOTDIR' ? 'a file is in the way' : (code ?? 'unknown error');
    throw new StartupError(`cannot use data directory ${path.resolve(dataDir)}: ${why}`, { cause: error });
  }
}

async function createInitialAdmin(repo: HubRepository, admin: NonNullable<StartHubOptions['initAdmin']>, clock: Clock): Promise<boolean> {
  const email = emailSchema.safeParse(admin.email);
  if (!email.success) throw new StartupError(`--init-admin: "${admin.email}" is not a valid email address`);
  const problem = passwordProblem(admin.password, email.data);
  if (problem) throw new StartupError(`the admin password is not acceptable: ${problem}`);
  const passwordHash = await hashPassword(admin.password);
  return repo.write(async (tx) => {
    if ((await tx.countUsers()) > 0) return false;
    await insertUsersWithChanges(tx, [{ email: email.data, name: admin.name ?? 'Administrator', role: 'admin', regions: [], passwordHash }], isoAt(clock()));
    return true;
  });
}

function listen(app: ReturnType<typeof createHubApp>, port: number, host: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, () => {
      server.off('error', onError);
      if (!(server instanceof http.Server)) return reject(new StartupError('the HTTP server is not a node http.Server'));
      resolve(server);
    });
    const onError = (error: NodeJS.ErrnoException) => {
      server.close();
      if (error.code === 'EADDRINUSE') reject(new StartupError(`port ${port} on ${host} is already in use (choose another with --port)`, { cause: error }));
      else if (error.code === 'EACCES') reject(new StartupError(`not allowed to listen on ${host}:${port} (ports below 1024 need privileges)`, { cause: error }));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new StartupError(`cannot listen on host ${host}: address not available`, { cause: error }));
      else reject(new StartupError(`cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    };
    server.once('error', onError);
  });
}

export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const log = options.log ?? createStderrLogger();
  const clock = options.clock ?? systemClock;
  prepareDataDir(options.dataDir);
  let secret: string;
  try {
    secret = resolveJwtSecret(options.dataDir, options.jwtSecret);
  } catch (error) {
    throw new StartupError(isAppError(error) ? error.message : `cannot read or create the JWT secret: ${(error as Error).message}`, { cause: error });
  }

  let auditKey: Buffer;
  try {
    auditKey = resolveAuditKey(options.dataDir);
  } catch (error) {
    throw new StartupError(`cannot read or create the audit key: ${(error as Error).message}`, { cause: error });
  }

  let repo: HubRepository;
  try {
    repo = openSqliteRepository({ file: path.join(options.dataDir, 'hub.db'), log, auditKey });
  } catch (error) {
    throw new StartupError(`cannot open the hub database in ${path.resolve(options.dataDir)}: ${(error as Error).message}`, { cause: error });
  }

  try {
    const epoch = await epochAfterRestoreCheck(repo, options.dataDir, await ensureEpoch(repo), log);
    const headMark = keepHeadMark(repo, options.dataDir, epoch);
    // A database from before SLA clocks: its cases get their SLA history before anyone syncs.
    await backfillSlaEvents(repo, clock, log);
    const auth = createAuthService({ repo, tokens: createAccessTokenService(secret, clock), clock });
    let mail: MailService;
    try {
      mail = createMailService({ ...options.mail, repo, dataDir: options.dataDir, log, clock });
    } catch (error) {
      throw new StartupError(`cannot read or create the mail key: ${(error as Error).message}`, { cause: error });
    }
    const app = createHubApp({ repo, auth, log, clock, mail });
    // Bind the port before first-start data, so a busy port does not swallow the demo accounts.
    const server = await listen(app, options.port, options.host);
    let demoAccounts: readonly DemoAccount[] | null = null;
    let adminCreated = false;
    try {
      if (options.demo) demoAccounts = (await seedDemoData(repo, clock))?.accounts ?? null;
      if (options.initAdmin) adminCreated = await createInitialAdmin(repo, options.initAdmin, clock);
    } catch (error) {
      server.close();
      throw error;
    }
    const noUsers = (await repo.read((tx) => tx.countUsers())) === 0;
    const sync = attachSyncServer(server, { repo, auth, log, clock, epoch, helloTimeoutMs: options.helloTimeoutMs });
    await mail.start();
    // Escalations: every 30 s, and after each commit (a case write may make one due now).
    const escalations = options.escalations === false ? null : startEscalationTimer(repo, clock, log);
    const stopEscalationOnCommit = escalations ? repo.onCommit(() => escalations.requestSoon()) : () => {};
    const reminders = options.visitReminders === false ? null : startVisitReminderTimer(repo, clock, log);
    const port = (server.address() as AddressInfo).port;
    const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;

    let closing: Promise<void> | null = null;
    const close = () => {
      closing ??= (async () => {
        stopEscalationOnCommit();
        await escalations?.stop();
        await reminders?.stop();
        await mail.stop();
        await sync.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        headMark.stop();
        await repo.close();
      })();
      return closing;
    };
    return { url: `http://${urlHost}:${port}`, port, host: options.host, demoAccounts, adminCreated, noUsers, repo, mail, close };
  } catch (error) {
    await repo.close();
    if (error instanceof StartupError) throw error;
    if (isAppError(error)) throw new StartupError(error.message, { cause: error });
    throw error;
  }
}


/**
 * `--compact-before N`: compacts the hub database in `dataDir` (the hub may be running: SQLite
 * serialises the writers, and sessions re-read the horizon), archiving what it removes.
 */
export async function compactHubChangeLog(dataDir: string, before: number): Promise<CompactionOutcome & Readonly<{ archiveFile: string }>> {
  const file = path.join(dataDir, 'hub.db');
  if (!fs.existsSync(file)) throw new StartupError(`no hub database in ${path.resolve(dataDir)}`);
  const repo = openSqliteRepository({ file });
  try {
    const from = Number((await repo.read((tx) => tx.getMeta('compactionHorizon'))) ?? 0) + 1;
    const archiveFile = path.join(dataDir, `audit-archive-${from}-${before - 1}.jsonl`);
    const outcome = await compactChangeLog(repo, before, archiveFile);
    if (outcome.archived === 0 && fs.existsSync(archiveFile) && fs.statSync(archiveFile).size === 0) fs.rmSync(archiveFile);
    return { ...outcome, archiveFile };
  } catch (error) {
    if (isAppError(error)) throw new StartupError(`--compact-before: ${error.message}`, { cause: error });
    throw error;
  } finally {
    await repo.close();
  }
}

/**
 * `--verify-audit`: checks the hash chain of the hub database in `dataDir` without migrating or
 * writing anything (the hub may be running).
 */
export async function verifyHubAudit(dataDir: string): Promise<AuditChainReport> {
  const file = path.join(dataDir, 'hub.db');
  if (!fs.existsSync(file)) throw new StartupError(`no hub database in ${path.resolve(dataDir)}`);
  let key: Buffer;
  try {
    key = resolveAuditKey(dataDir, false);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new StartupError(missing ? `no audit key in ${path.resolve(dataDir)} (start the hub once to create it)` : (error as Error).message, { cause: error });
  }
  try {
    return await verifyAuditOfFile(file, key, new Date().toISOString());
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(`cannot check the audit log: ${(error as Error).message} (start the hub once to upgrade the database)`, { cause: error });
  }
}

/** The one line `--verify-audit` prints. */
export function describeAuditReport(report: AuditChainReport): string {
  if (report.firstBroken) return `Audit log broken at version ${report.firstBroken.version}: ${report.firstBroken.reason}`;
  const range = report.checked === 0 ? 'no entries' : `versions ${report.firstVersion}..${report.lastVersion}`;
  return `Audit log intact: ${report.checked} entries checked (${range}).`;
}
