// The console core: owns the signed-in session, that user's local cache and the sync client, and
// answers ConsoleApi calls from every window through one validated handler registry.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { SessionInfo, SyncStatus } from '../../../shared/console-api.js';
import type { PublicUser, Role, TokenPair } from '../../../shared/domain.js';
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import { can, canMutate } from '../../../shared/permissions.js';
import { updateSettingArgsSchema } from '../../../shared/settings.js';
import type { MutationName } from '../../../shared/sync/mutations.js';
import { eq, sql } from 'drizzle-orm';
import { exportAuditLog } from './audit-export.js';
import { getBoard, recommendForCase, type BoardContext } from './board.js';
import { createAuthSession, type AuthSession } from './auth-session.js';
import type { BackoffOptions } from './backoff.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache/cache-db.js';
import { cacheFileFor, normaliseHubUrl } from './cache/cache-location.js';
import { ensureClientId, setCacheUserId } from './cache/meta.js';
import { users } from './cache/schema.js';
import type { ConsoleCore, ConsoleCoreOptions } from './console-core-types.js';
import { createEventHub } from './event-hub.js';
import { createHandlerRegistry } from './handler-registry.js';
import { createHubCaller, createHubDownloader, type HubCaller, type HubDownloader } from './hub-caller.js';
import { login as loginRequest, logout as logoutRequest } from './hub-http.js';
import { ensureClientGroupId } from './install-identity.js';
import {
  addCaseNoteLocally,
  createCaseLocally,
  deleteCaseLocally,
  handleEscalationLocally,
  markNotificationsReadLocally,
  resolveConflictLocally,
  sendCaseReplyLocally,
  updateCaseLocally,
  updateSettingLocally,
  type LocalWriteContext,
} from './local-writes.js';
import { saveAttachment } from './attachment-save.js';
import { getIntakeContext } from './intake-context.js';
import { searchIntake } from './intake-search.js';
import { createSettingsCache, type SettingsCache } from './sla-view.js';
import { getTimeline, listNotifications } from './timeline.js';
import { consoleLogger, type Logger } from './logger.js';
import { getCaseDetail, listCases, listConflicts, listUsers, searchProjectors } from './queries.js';
import { deleteSession, loadSession, saveSession, type SavedSession } from './session-store.js';
import { getSettingsView } from './settings-view.js';
import { createSyncClient, type SyncClient } from './sync-client.js';
import { createImportService, type ImportReader } from './import-jobs/import-service.js';
import * as workbookReader from './import/index.js';
import type { ImportBatchResult } from '../../../shared/import.js';
import { listProjectors, listSites } from './lists/installed-base.js';
import { photosDirFor, readUploadQueue } from './photos/photo-store.js';
import { createUploadQueue, type UploadQueue } from './photos/upload-queue.js';
import { registerServiceHandlers } from './service-handlers.js';
import { registerFolderExportHandler } from './service-export-folder.js';
import { exportList } from './lists/list-export.js';
import { registerReportPdfHandlers } from './pdf/report-pdf-handlers.js';
import { listReportIdsForExport, loadReportForPdf } from './service-data.js';

/** Optional seams for tests and shells; production uses the defaults. */
export type ConsoleCoreDeps = Readonly<{
  logger?: Logger;
  backoff?: BackoffOptions;
  migrationsFolder?: string;
  heartbeatMs?: number;
  /** Milliseconds after which to refresh an access token that lives `expiresIn` seconds. */
  refreshAt?: (expiresInSeconds: number) => number;
  /** Shown by the hub in the user's session list; defaults to the host name. */
  clientName?: string;
  /** Reads and checks workbooks (desktop/main/core/import); tests may pass their own. */
  importReader?: ImportReader;
  /** Import commits: retry pacing, rows per batch, and a hook after each batch (tests). */
  importBackoff?: BackoffOptions;
  importBatchRows?: number;
  importAfterBatch?: (result: ImportBatchResult) => void;
  /** Photo upload retry pacing (tests). */
  uploadBackoff?: BackoffOptions;
}>;

type Active = { db: WritableDb; auth: AuthSession; sync: SyncClient; hub: HubCaller; download: HubDownloader; userId: string; settings: SettingsCache; uploads: UploadQueue };

/** Audit pages can be slow to build on a big change log; an export asks for many in a row. */
const AUDIT_TIMEOUT_MS = 30_000;

export { normaliseHubUrl };

function signedOutStatus(lastError: string | null): SyncStatus {
  return { connection: 'signed-out', pending: 0, lastSyncAt: null, bootstrap: null, lastError };
}

export async function createConsoleCore(options: ConsoleCoreOptions, deps: ConsoleCoreDeps = {}): Promise<ConsoleCore> {
  const logger = deps.logger ?? consoleLogger;
  const hubUrl = normaliseHubUrl(options.hubUrl);
  const dataDir = options.dataDir;
  const clientGroupId = ensureClientGroupId(dataDir);
  const exportsDir = path.join(dataDir, 'exports');
  const photosDir = photosDirFor(dataDir);
  const uploadsDir = path.join(dataDir, 'uploads');
  const events = createEventHub(logger);
  const registry = createHandlerRegistry(logger);
  const imports = createImportService({
    dataDir,
    exportsDir,
    reader: deps.importReader ?? (workbookReader satisfies ImportReader),
    emitProgress: (progress) => events.emit('import.progress', progress),
    logger,
    backoff: deps.importBackoff,
    batchRows: deps.importBatchRows,
    afterBatch: deps.importAfterBatch,
  });

  let active: Active | null = null;
  let signedOutReason: string | null = null;
  let closed = false;
  // Sign-in, sign-out and close run one at a time; a call arriving mid-way waits its turn.
  let lifecycle: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = lifecycle.then(fn, fn);
    lifecycle = run.catch(() => undefined);
    return run;
  }

  /**
   * The signed-in user as the hub last described them: the synced users row when there is one (a
   * role or region change arrives there first, before any token refresh), else the sign-in's.
   */
  function sessionInfo(a: Active | null): SessionInfo | null {
    if (!a) return null;
    const saved = a.auth.session();
    const row = a.db.$client.open ? a.db.select().from(users).where(eq(users.id, a.userId)).get() : undefined;
    const user: PublicUser = row ? { id: row.id, email: row.email, name: row.name, role: row.role, regions: row.regions, active: row.active } : saved.user;
    return { user, hubUrl, mustChangePassword: saved.mustChangePassword };
  }

  let announcedSession = 'null';
  function announceSession(info: SessionInfo | null): void {
    announcedSession = JSON.stringify(info);
    events.emit('session.changed', info);
  }
  /** Tells the windows when what they know of the signed-in user changed (role, name, password flag). */
  function announceSessionIfChanged(a: Active): void {
    if (active !== a) return;
    const info = sessionInfo(a);
    if (JSON.stringify(info) !== announcedSession) announceSession(info);
  }

  function localContext(a: Active): LocalWriteContext {
    return { userId: a.userId, now: new Date().toISOString(), offline: !a.sync.isOnline() };
  }

  function requireActive(): Active {
    if (!active) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    return active;
  }

  function openActive(saved: SavedSession, initial?: TokenPair): Active {
    const db = openCacheDb({ file: cacheFileFor(dataDir, hubUrl, saved.user.id), migrationsFolder: deps.migrationsFolder });
    // Callbacks below may fire after this session ended and another began: they act on their own.
    let self: Active | null = null;
    const settingsCache = createSettingsCache();
    const signOut = (reason: string) => void exclusive(async () => (self && active === self ? endSession(reason, false) : undefined));
    try {
      const clientId = ensureClientId(db);
      setCacheUserId(db, saved.user.id);
      const auth = createAuthSession({
        dataDir,
        session: saved,
        initial,
        refreshAt: deps.refreshAt,
        onSignedOut: signOut,
        onSessionChanged: () => self && announceSessionIfChanged(self),
      });
      const sync = createSyncClient({
        hubUrl,
        db,
        clientId,
        clientGroupId,
        userId: saved.user.id,
        auth,
        logger,
        backoff: deps.backoff,
        heartbeatMs: deps.heartbeatMs,
        onStatus: (status) => {
          events.emit('sync.status', status);
          // Back online: photos queued meanwhile go now.
          if (status.connection === 'online') self?.uploads.kick();
        },
        onDataChanged: (entities) => {
          if (entities.includes('settings')) settingsCache.invalidate();
          events.dataChanged(entities);
          if (self && entities.includes('users')) announceSessionIfChanged(self);
        },
        onRejected: (r) => events.emit('mutation.rejected', { mutationName: r.mutationName, caseId: r.caseId, caseLabel: r.caseLabel, message: r.message }),
        onSignedOut: signOut,
        onPresence: (others) => events.emit('presence.changed', { others }),
        // A submit goes to the hub only after the photos queued before it: the hub checks them.
        holdPush: (m) => m.name === 'submitServiceReport' && readUploadQueue(db).length > 0,
      });
      const callerOptions = { hubUrl, auth, isOffline: () => sync.status().connection === 'offline', onRevoked: signOut };
      const hub = createHubCaller(callerOptions);
      const download = createHubDownloader(callerOptions);
      const uploads = createUploadQueue({
        db,
        hub,
        photosDir,
        isOnline: () => sync.isOnline(),
        logger,
        backoff: deps.uploadBackoff,
        onStatus: (status) => events.emit('uploads.changed', status),
        onUploaded: () => {
          sync.outboxChanged();
          events.dataChanged(['reportPhotos', 'serviceReports']);
        },
      });
      const next: Active = { db, auth, sync, hub, download, userId: saved.user.id, settings: settingsCache, uploads };
      self = next;
      sync.start();
      uploads.kick();
      return next;
    } catch (error) {
      closeCacheDb(db);
      throw error;
    }
  }

  async function stopActive(a: Active): Promise<void> {
    await a.uploads.stop();
    a.auth.stop();
    await a.sync.stop();
    events.flush();
    closeCacheDb(a.db);
  }

  /** Ends the session: stops sync, closes the cache (its outbox stays on disk), forgets the tokens. */
  async function endSession(reason: string | null, revoke: boolean): Promise<void> {
    const a = active;
    if (!a) return;
    active = null;
    imports.reset();
    const refreshToken = a.auth.session().refreshToken;
    await stopActive(a);
    deleteSession(dataDir);
    signedOutReason = reason;
    announceSession(null);
    events.emit('sync.status', signedOutStatus(reason));
    if (revoke) {
      await logoutRequest(hubUrl, refreshToken).catch((error: unknown) => {
        logger.warn('could not revoke the session at the hub', { error: error instanceof Error ? error.message : String(error) });
      });
    }
  }

  // Asked before every local write: prepared once per cache handle rather than built per call.
  const roleQueries = new WeakMap<Active['db'], ReturnType<typeof prepareRoleQuery>>();
  function prepareRoleQuery(db: Active['db']) {
    return db.select({ role: users.role }).from(users).where(eq(users.id, sql.placeholder('id'))).prepare();
  }
  function roleOf(a: Active): Role {
    let query = roleQueries.get(a.db);
    if (!query) {
      query = prepareRoleQuery(a.db);
      roleQueries.set(a.db, query);
    }
    const synced = query.get({ id: a.userId });
    return synced?.role ?? a.auth.session().user.role;
  }

  function authorise(a: Active, name: MutationName, args: unknown): void {
    // The hub decides; checking here only spares the user an optimistic change that would bounce.
    if (!canMutate(roleOf(a), name, args)) throw new AppError('FORBIDDEN', 'Your role does not allow this change.');
  }

  registry.register('session.get', async () => sessionInfo(active));
  registry.register('session.login', (arg) =>
    exclusive(async () => {
      const pair = await loginRequest(hubUrl, arg.email, arg.password, deps.clientName ?? os.hostname());
      if (active) await endSession(null, true);
      const saved: SavedSession = { hubUrl, refreshToken: pair.refreshToken, user: pair.user, mustChangePassword: pair.mustChangePassword === true };
      saveSession(dataDir, saved);
      active = openActive(saved, pair);
      signedOutReason = null;
      const info = sessionInfo(active)!;
      announceSession(info);
      return info;
    }),
  );
  registry.register('session.logout', () =>
    exclusive(async () => {
      await endSession(null, true);
      return null;
    }),
  );
  registry.register('sync.status', async () => (active ? active.sync.status() : signedOutStatus(signedOutReason)));
  registry.register('cases.list', async (arg) => {
    const a = requireActive();
    return listCases(a.db, arg, a.settings.sla(a.db));
  });
  registry.register('cases.get', async (arg) => {
    const a = requireActive();
    return getCaseDetail(a.db, arg.id, a.settings.sla(a.db));
  });
  registry.register('cases.create', async (fields) => {
    const a = requireActive();
    authorise(a, 'createCase', fields);
    const { id } = createCaseLocally(a.db, fields, localContext(a));
    events.dataChanged(['cases']);
    a.sync.outboxChanged();
    return { id };
  });
  registry.register('cases.update', async (arg) => {
    const a = requireActive();
    authorise(a, 'updateCase', arg);
    updateCaseLocally(a.db, arg.id, arg.patch, localContext(a));
    events.dataChanged(['cases']);
    a.sync.outboxChanged();
    return null;
  });
  registry.register('cases.delete', async (arg) => {
    const a = requireActive();
    const args = { id: arg.id, reason: arg.reason ?? '' };
    authorise(a, 'deleteCase', args);
    deleteCaseLocally(a.db, arg.id, arg.reason, localContext(a));
    events.dataChanged(['cases']);
    a.sync.outboxChanged();
    return null;
  });
  registry.register('conflicts.list', async (arg) => {
    const a = requireActive();
    return listConflicts(a.db, a.userId, arg.includeResolved ?? false);
  });
  registry.register('conflicts.resolve', async (arg) => {
    const a = requireActive();
    authorise(a, 'resolveConflict', arg);
    resolveConflictLocally(a.db, arg, localContext(a));
    events.dataChanged(['conflicts', 'cases']);
    a.sync.outboxChanged();
    return null;
  });
  registry.register('sync.reconnect', async () => {
    // Signed out there is nothing to reconnect; the renderer may call this on any `online` event.
    active?.sync.reconnectNow();
    return null;
  });
  registry.register('users.list', async (arg) => listUsers(requireActive().db, arg));
  registry.register('projectors.search', async (arg) => searchProjectors(requireActive().db, arg.query, arg.limit));

  registry.register('settings.get', async () => {
    const a = requireActive();
    return getSettingsView(a.db, { name: sessionInfo(a)?.user.name ?? a.auth.session().user.name });
  });
  registry.register('settings.update', async (arg) => {
    const a = requireActive();
    const args = parseOrThrow(updateSettingArgsSchema, arg);
    authorise(a, 'updateSetting', args);
    updateSettingLocally(a.db, args, localContext(a));
    a.settings.invalidate();
    events.dataChanged(['settings']);
    a.sync.outboxChanged();
    return null;
  });

  // Account and admin screens: online only; the hub checks every right again.
  registry.register('account.changePassword', async (arg) => {
    const a = requireActive();
    await a.hub('account.changePassword', 'Changing your password', { body: arg });
    // The hub cleared the flag; no new token is needed, but the windows must leave the change-password screen.
    if (active === a) a.auth.setMustChangePassword(false);
    return null;
  });
  registry.register('account.sessions', async () => requireActive().hub('account.sessions', 'Your session list'));
  registry.register('account.revokeSession', async (arg) => requireActive().hub('account.revokeSession', 'Ending a session', { id: arg.id }));
  registry.register('admin.users.list', async (arg) => {
    const list = await requireActive().hub('users.list', 'The people list');
    return arg.includeInactive ? list : list.filter((u) => u.active);
  });
  registry.register('admin.users.create', async (arg) => requireActive().hub('users.create', 'Adding a person', { body: arg }));
  registry.register('admin.users.update', async (arg) => requireActive().hub('users.update', 'Changing a person', { id: arg.id, body: arg.patch }));
  registry.register('admin.users.setActive', async (arg) => requireActive().hub('users.setActive', arg.active ? 'Reactivating a person' : 'Deactivating a person', { id: arg.id, body: { active: arg.active } }));
  registry.register('admin.users.resetPassword', async (arg) => requireActive().hub('users.resetPassword', 'Resetting a password', { id: arg.id }));
  registry.register('admin.sessions.list', async (arg) => requireActive().hub('sessions.list', 'The sessions list', { body: arg }));
  registry.register('admin.sessions.revoke', async (arg) => requireActive().hub('sessions.revoke', 'Ending a session', { id: arg.id }));
  registry.register('admin.signIns.list', async (arg) => requireActive().hub('signIns.list', 'The sign-in history', { body: arg }));
  registry.register('audit.query', async (arg) => requireActive().hub('audit.query', 'The audit log', { body: arg, timeoutMs: AUDIT_TIMEOUT_MS }));
  registry.register('audit.verify', async () => requireActive().hub('audit.verify', 'Verifying the audit log', { timeoutMs: 120_000 }));
  registry.register('audit.export', async (arg) => {
    const a = requireActive();
    return exportAuditLog({
      exportsDir,
      filters: arg,
      fetchPage: (request) => a.hub('audit.query', 'Exporting the audit log', { body: request, timeoutMs: AUDIT_TIMEOUT_MS }),
    });
  });

  // Phone intake, timeline and notifications: local reads, optimistic local writes.
  registry.register('intake.search', async (arg) => searchIntake(requireActive().db, arg.query, arg.limit));
  registry.register('intake.context', async (arg) => {
    const a = requireActive();
    return getIntakeContext(a.db, arg, a.settings.sla(a.db));
  });
  registry.register('cases.timeline', async (arg) => {
    const a = requireActive();
    return getTimeline(a.db, arg.id, { id: a.userId, name: sessionInfo(a)?.user.name ?? a.auth.session().user.name });
  });
  registry.register('cases.addNote', async (arg) => {
    const a = requireActive();
    authorise(a, 'addCaseNote', arg);
    const { id } = addCaseNoteLocally(a.db, arg, localContext(a));
    events.dataChanged(['caseEvents']);
    a.sync.outboxChanged();
    return { id };
  });
  registry.register('cases.reply', async (arg) => {
    const a = requireActive();
    authorise(a, 'sendCaseReply', arg);
    const { id } = sendCaseReplyLocally(a.db, arg, localContext(a));
    events.dataChanged(['caseEvents']);
    a.sync.outboxChanged();
    return { id };
  });
  registry.register('notifications.list', async (arg) => {
    const a = requireActive();
    return listNotifications(a.db, a.userId, arg.unreadOnly ?? false);
  });
  registry.register('notifications.markRead', async (arg) => {
    const a = requireActive();
    authorise(a, 'markNotificationsRead', arg);
    const { mutationId } = markNotificationsReadLocally(a.db, arg.ids, localContext(a));
    if (mutationId !== null) {
      events.dataChanged(['notifications']);
      a.sync.outboxChanged();
    }
    return null;
  });

  // Support mailboxes live on the hub (passwords never leave it): online only, like the other admin screens.
  registry.register('admin.mailboxes.list', async () => requireActive().hub('mailboxes.list', 'The mailbox list'));
  registry.register('admin.mailboxes.create', async (arg) => requireActive().hub('mailboxes.create', 'Adding a mailbox', { body: arg }));
  registry.register('admin.mailboxes.update', async (arg) => requireActive().hub('mailboxes.update', 'Changing a mailbox', { id: arg.id, body: arg.patch }));
  registry.register('admin.mailboxes.remove', async (arg) => requireActive().hub('mailboxes.remove', 'Removing a mailbox', { id: arg.id }));
  registry.register('admin.mailboxes.retry', async (arg) => requireActive().hub('mailboxes.retry', 'Reconnecting a mailbox', { id: arg.id }));
  registry.register('attachments.save', async (arg) => {
    const a = requireActive();
    const file = await a.download('attachments.get', 'Downloading an attachment', { id: arg.id });
    return saveAttachment(exportsDir, arg.id, file);
  });
  // The assignment board: local reads, assignments through cases.update (a local write like any).
  function boardContext(a: Active): BoardContext {
    return { sla: a.settings.sla(a.db), timeZone: a.settings.values(a.db).timeZone };
  }
  registry.register('board.get', async (arg) => {
    const a = requireActive();
    return getBoard(a.db, arg, boardContext(a));
  });
  registry.register('board.recommend', async (arg) => {
    const a = requireActive();
    return recommendForCase(a.db, arg.caseId, { limit: arg.limit, weights: a.settings.values(a.db).assignmentRules.weights }, boardContext(a));
  });
  // Presence is ephemeral: it rides the sync socket (re-sent after a reconnect), never the outbox.
  registry.register('presence.set', async (arg) => {
    requireActive().sync.setPresence({ board: arg.board, editingCaseId: arg.editingCaseId });
    return null;
  });
  registry.register('presence.get', async () => requireActive().sync.presence());
  registry.register('cases.handleEscalation', async (arg) => {
    const a = requireActive();
    const args = { caseId: arg.caseId, note: arg.note ?? '' };
    authorise(a, 'handleEscalation', args);
    handleEscalationLocally(a.db, args, localContext(a));
    events.dataChanged(['cases']);
    a.sync.outboxChanged();
    return null;
  });
  registry.register('engineers.update', async (arg) => requireActive().hub('users.updateEngineer', 'Changing an engineer', { id: arg.id, body: arg.profile }));

  // The installed base: local reads, paged; exports stream the same query into an xlsx.
  registry.register('projectors.list', async (arg) => listProjectors(requireActive().db, arg));
  registry.register('sites.list', async (arg) => listSites(requireActive().db, arg));
  registry.register('lists.export', async (arg) => {
    const a = requireActive();
    // The request names no operation, so the progress events carry one of the core's own.
    return imports.runOperation(randomUUID(), (op) => exportList({ db: a.db, exportsDir, request: arg, sla: a.settings.sla(a.db), signal: op.signal, progress: op.progress }));
  });

  // Bulk import: admins only (the hub checks `data.import` again on every job route).
  function requireImporter(): Active {
    const a = requireActive();
    if (!can(roleOf(a), 'data.import')) throw new AppError('FORBIDDEN', 'Only admins can import data.');
    return a;
  }
  /** Steps that talk to the hub fail at once when offline, with what needed it. */
  function requireImporterOnline(what: string): Active {
    const a = requireImporter();
    if (!a.sync.isOnline()) throw new AppError('UNAVAILABLE', `${what} needs a connection to the hub. This console is offline right now; try again when it is back online.`);
    return a;
  }
  const importSettings = (a: Active) => a.settings.values(a.db).dataImport;
  registry.register('imports.template', async (arg) => {
    const a = requireImporter();
    const values = a.settings.values(a.db);
    return imports.template(arg.kind, { regions: values.regions.map((r) => r.code), dateFormat: values.dataImport.dateFormat });
  });
  registry.register('imports.inspect', async (arg) => {
    requireImporter();
    return imports.inspect(arg);
  });
  registry.register('imports.dryRun', async (arg) => {
    const a = requireImporter();
    return imports.dryRun(arg, { cache: a.db.$client, dateFormat: importSettings(a).dateFormat });
  });
  registry.register('imports.rows', async (arg) => {
    requireImporter();
    return imports.rows(arg);
  });
  registry.register('imports.errorWorkbook', async (arg) => {
    requireImporter();
    return imports.errorWorkbook(arg.dryRunId);
  });
  registry.register('imports.commit', async (arg) => imports.commit(arg, requireImporterOnline('Importing').hub));
  registry.register('imports.resume', async (arg) => imports.resume(arg, requireImporterOnline('Resuming an import').hub));
  // Also cancels a PDF export (any role): operations belong to this console's own signed-in user.
  registry.register('imports.cancel', async (arg) => {
    requireActive();
    imports.cancel(arg.operationId);
    return null;
  });
  registry.register('imports.jobs', async () => imports.jobs(requireImporterOnline('The import jobs list').hub));
  registry.register('imports.undo', async (arg) => imports.undo(arg.jobId, requireImporterOnline('Undoing an import').hub));

  // Visits, service reports, photos and case resolution (service-handlers.ts); PDFs (pdf/, below).
  registerServiceHandlers(registry, {
    session: () => {
      const a = requireActive();
      return {
        db: a.db,
        userId: a.userId,
        role: roleOf(a),
        ctx: localContext(a),
        timeZone: a.settings.values(a.db).timeZone,
        photosDir,
        uploadsDir,
        uploads: a.uploads,
        download: a.download,
        isOnline: () => a.sync.isOnline(),
        changed: (entities) => {
          events.dataChanged(entities);
          a.sync.outboxChanged();
        },
      };
    },
  });
  registerReportPdfHandlers(registry, { exportsDir, load: (id) => loadReportForPdf(requireActive().db, id), listIds: (filter) => listReportIdsForExport(requireActive().db, filter), runOperation: (id, fn) => imports.runOperation(id, fn) });
  const exportFolders = registerFolderExportHandler(registry, { load: (id) => loadReportForPdf(requireActive().db, id), listIds: (filter) => listReportIdsForExport(requireActive().db, filter), runOperation: (id, fn) => imports.runOperation(id, fn) });
  registry.assertComplete();

  const saved = loadSession(dataDir);
  if (saved && normaliseHubUrl(saved.hubUrl) === hubUrl) {
    try {
      active = openActive({ ...saved, hubUrl });
      // Windows ask session.get on start; later changes to it are announced against this.
      announcedSession = JSON.stringify(sessionInfo(active));
    } catch (error) {
      logger.error('could not resume the saved session', error);
    }
  }

  return {
    exportsDir,
    importFiles: { receive: (source, fileName, maxBytes) => imports.files.receive(source, fileName, maxBytes), register: (file) => imports.files.register(file) },
    exportFolders: { register: (folderPath) => exportFolders.register(folderPath) },
    handle: (callId, method, arg) =>
      closed ? Promise.resolve({ kind: 'reply', id: callId, ok: false, error: { code: 'UNAVAILABLE', message: 'The console is shutting down.' } }) : registry.handle(callId, method, arg),
    onEvent: (listener) => events.subscribe(listener),
    close: () =>
      exclusive(async () => {
        if (closed) return;
        closed = true;
        imports.reset();
        const a = active;
        active = null;
        if (a) await stopActive(a);
        events.flush();
      }),
  };
}
