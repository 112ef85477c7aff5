// A small in-process hub for the core's tests: HTTP auth routes, the account/admin/audit routes of
// HUB_ROUTES (bearer auth with expired/invalid/revoked reasons, password-change gate, role rights,
// body schemas) and a /sync WebSocket speaking the protocol (welcome, bootstrap, changes,
// push-result, 4003 on revocation, 4009 on a view change) over a real loopback socket. It applies
// mutations with the same shared functions as the real hub (mergeCasePatch for field conflicts,
// deletes win), writes case events in the same step as each case change (created, changed,
// deleted, note, email_out) and mention notifications, keeps slaEvents/slaDueAt with the shared SLA
// functions, and answers the mailbox and attachment routes; but keeps everything in memory.
// Visibility as the real hub's: case events go with their case, notifications only to their user.
// Issue 5: hub-owned escalations (`escalate`), handleEscalation, users.updateEngineer, and presence
// relayed among live sessions (board presence to managers/admins only; a case being edited only to
// those who may see it; an entry dropped when its socket closes).
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { HUB_ROUTES, type AdminUser, type AuditEntry, type AuditPage, type HubRouteName, type SessionView, type SignInEvent } from '../../../../shared/admin.js';
import { passwordProblem } from '../../../../shared/passwords.js';
import { can, canMutate } from '../../../../shared/permissions.js';
import { updateSettingArgsSchema } from '../../../../shared/settings.js';
import { SYNC_CLOSE, type PresenceEntry } from '../../../../shared/sync/protocol.js';
import { applyCasePatch, buildNewCase } from '../../../../shared/case-lifecycle.js';
import { formatCaseNumber } from '../../../../shared/case-number.js';
import {
  CASE_PATCH_FIELDS,
  casePatchSchema,
  createCaseArgsSchema,
  deleteCaseArgsSchema,
  resolveConflictArgsSchema,
  updateCaseArgsSchema,
  type CasePatch,
  type CaseRow,
  type ConflictRow,
  type PublicUser,
  type SyncedUser,
} from '../../../../shared/domain.js';
import { AppError, HTTP_STATUS_BY_CODE, validationError, type ErrorBody } from '../../../../shared/errors.js';
import type { AnyEntityRow, EntityName } from '../../../../shared/sync/entities.js';
import { mergeCasePatch } from '../../../../shared/sync/merge.js';
import { BOOTSTRAP_CHUNK_ROWS, type Change, type ClientMessage, type MutationResult, type ServerMessage } from '../../../../shared/sync/protocol.js';
import { uuidv7 } from 'uuidv7';
import { addCaseNoteArgsSchema, handleEscalationArgsSchema, markNotificationsReadArgsSchema, sendCaseReplyArgsSchema, type CaseEventData, type CaseEventKind, type CaseEventRow, type FieldChange, type NotificationRow } from '../../../../shared/case-events.js';
import type { MailboxView } from '../../../../shared/mail.js';
import { resolveSettings } from '../../../../shared/settings.js';
import { calendarFromSettings, computeSla, policiesFromSettings, slaDueAt } from '../../../../shared/sla/compute.js';
import { SERVICE_MUTATION_NAMES, putFile, runServiceMutation } from './fake-hub-service.js';

export type FakeHubOptions = Readonly<{
  user: PublicUser;
  password: string;
  rows?: Partial<Record<EntityName, AnyEntityRow[]>>;
  /** The user signs in with a temporary password and must change it first. */
  mustChangePassword?: boolean;
}>;

type Session = {
  ws: WebSocket;
  clientId: string | null;
  welcomed: boolean;
  userId: string | null;
  sid: string | null;
  closing: boolean;
  presence: { board: boolean; editingCaseId: string | null; at: number } | null;
  /** The last presence frame sent to this session (a frame goes only when its view changed). */
  presenceSent: string | null;
};
type AuthSessionRecord = { id: string; userId: string; clientName: string | null; ip: string | null; createdAt: string; lastSeenAt: string; revokedAt: string | null };
type Caller = { userId: string; sid: string; user: SyncedUser };
type AuditContext = { userId: string | null; clientId: string | null; sid: string | null; offline: boolean; clientCreatedAt: string | null };

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type FakeHub = Awaited<ReturnType<typeof startFakeHub>>;

export async function startFakeHub(options: FakeHubOptions) {
  let epoch = 'epoch-1';
  /** Who last set each field of each case (for a conflict's theirUserId). */
  const writers = new Map<string, Map<string, string>>();
  /** Deleted case id → who deleted it (deletes win). */
  const deletedBy = new Map<string, string>();
  const rows = new Map<EntityName, Map<string, AnyEntityRow>>();
  const log: Change[] = [];
  let version = 0;
  for (const [entity, list] of Object.entries(options.rows ?? {}) as [EntityName, AnyEntityRow[]][]) {
    const table = new Map<string, AnyEntityRow>();
    for (const row of list) {
      table.set(row.id, row);
      version = Math.max(version, row.version);
    }
    rows.set(entity, table);
  }
  const lastMutationIds = new Map<string, number>();
  const storedResults = new Map<string, MutationResult>();
  let caseSequence = 0;
  let tokenCounter = 0;
  /** Live access tokens → who holds them; tokens that were live once answer 'expired'. */
  const accessTokens = new Map<string, { userId: string; sid: string }>();
  const expiredTokens = new Set<string>();
  const refreshTokens = new Map<string, string>();
  const authSessions = new Map<string, AuthSessionRecord>();
  const sessions = new Set<Session>();
  const passwords = new Map<string, string>([[options.user.id, options.password]]);
  const mustChange = new Set<string>(options.mustChangePassword ? [options.user.id] : []);
  const createdAt = new Map<string, string>();
  const signIns: SignInEvent[] = [];
  const audit: AuditEntry[] = [];
  /** Per user: the version of the last change to what they may see; older cursors bootstrap. */
  const viewVersions = new Map<string, number>();
  let auditContext: AuditContext = { userId: null, clientId: null, sid: null, offline: false, clientCreatedAt: null };
  if (!rows.get('users')?.has(options.user.id)) {
    const users = rows.get('users') ?? new Map<string, AnyEntityRow>();
    rows.set('users', users);
    users.set(options.user.id, { ...options.user, phone: '', engineer: null, mustChangePassword: false, passwordChangedAt: null, version: 0 } satisfies SyncedUser);
  }

  const control = {
    /** Ids of every mutation received, one array per push frame. */
    pushes: [] as number[][],
    refreshCalls: 0,
    /** Tokens received in `auth` frames on live connections. */
    authFrames: [] as string[],
    /** While false, pushes are recorded but not answered (a hub that dies mid-push). */
    processPushes: true,
    /** Mutations matching this are consumed but rejected with the given error. */
    reject: null as ((name: string, args: unknown) => ErrorBody | null) | null,
    accessExpiresIn: 900,
    /** Mutations are applied but the connection is cut before the push-result is sent. */
    dropBeforePushResult: false,
    /** Cut the connection after this many bootstrap-rows frames (a bootstrap interrupted mid-way). */
    dropBootstrapAfterFrames: null as number | null,
    /** Rows per bootstrap-rows frame. */
    bootstrapChunk: BOOTSTRAP_CHUNK_ROWS,
    /** Pause between bootstrap-rows frames (a long transfer). */
    bootstrapFrameDelayMs: 0,
    /** While false, pings get no pong (as when the hub's answer queues behind a long transfer). */
    answerPings: true,
    /** hello frames received (each is one connection attempt that got that far). */
    hellos: 0,
    /** Bootstraps sent (fresh caches, new epochs, view changes). */
    bootstraps: 0,
    /** Every mutation received, as pushed (to check flags such as `offline`). */
    mutations: [] as Extract<ClientMessage, { type: 'push' }>['mutations'],
    /** Which rows each user may see (bootstrap and changes); everything by default. */
    visible: null as ((userId: string, entity: EntityName, row: AnyEntityRow) => boolean) | null,
    /** Every account/admin route call: name, Authorization header, status answered. */
    routeCalls: [] as { name: HubRouteName; authorization: string | null; status: number }[],
    /** Support mailboxes as the admin routes keep them (passwords apart, never sent back). */
    mailboxes: new Map<string, MailboxView>(),
    mailboxPasswords: new Map<string, { imap: string | null; smtp: string | null }>(),
    /** Presence frames received, as sent (board, editingCaseId), oldest first. */
    presenceFrames: [] as { userId: string | null; board: boolean; editingCaseId: string | null }[],
    /** Times the hub sent everyone the presence of the others. */
    presenceRelays: 0,
    /** The file store (issue 7): photo blobs by SHA-256, as PUT by consoles. */
    files: new Map<string, Buffer>(),
    /** While set, files.put answers this error (a hub whose store is failing). */
    failFilePuts: null as AppError | null,
    /** Email attachments served by attachments.get (bytes for a case the caller may see). */
    attachments: new Map<string, { caseId: string; fileName: string; mime: string; bytes: Buffer }>(),
  };

  function syncedUser(id: string): SyncedUser | undefined {
    return rows.get('users')?.get(id) as SyncedUser | undefined;
  }

  function publicUser(u: SyncedUser): PublicUser {
    return { id: u.id, email: u.email, name: u.name, role: u.role, regions: [...u.regions], active: u.active };
  }

  function issueTokens(userId: string, sid: string) {
    tokenCounter += 1;
    const accessToken = `access-${tokenCounter}`;
    const refreshToken = `refresh-token-${tokenCounter}`;
    accessTokens.set(accessToken, { userId, sid });
    refreshTokens.set(refreshToken, sid);
    const user = syncedUser(userId)!;
    return { accessToken, refreshToken, expiresIn: control.accessExpiresIn, user: publicUser(user), mustChangePassword: mustChange.has(userId) };
  }

  function sessionLive(sid: string): boolean {
    const record = authSessions.get(sid);
    return record !== undefined && record.revokedAt === null && syncedUser(record.userId)?.active === true;
  }

  /** Ends sessions: refresh tokens die, access tokens answer 'revoked', live sockets close with 4003. */
  function revokeSessions(match: (record: AuthSessionRecord) => boolean): void {
    const now = new Date().toISOString();
    for (const record of authSessions.values()) {
      if (record.revokedAt !== null || !match(record)) continue;
      record.revokedAt = now;
      for (const [token, sid] of refreshTokens) if (sid === record.id) refreshTokens.delete(token);
      for (const s of sessions) {
        if (s.sid !== record.id) continue;
        s.closing = true;
        s.ws.close(SYNC_CLOSE.revoked, 'revoked');
      }
    }
  }

  /**
   * A role or region change at version `at`: cursors older than it bootstrap the new view; live
   * sockets close with 4009 BEFORE the change is fanned out, or a console that applied the change
   * live would hold a cursor at `at` and never be sent the bootstrap.
   */
  function viewChanged(userId: string, at = version): void {
    viewVersions.set(userId, at);
    for (const s of sessions) {
      if (s.userId !== userId || s.closing) continue;
      s.closing = true;
      s.ws.close(SYNC_CLOSE.viewChanged, 'view changed');
    }
  }

  function mayView(userId: string | null, entity: EntityName, row: AnyEntityRow | undefined): boolean {
    if (!userId || !row) return true;
    // Notifications are their user's only; a case's events are visible exactly when the case is.
    if (entity === 'notifications') return (row as NotificationRow).userId === userId;
    if (entity === 'caseEvents') {
      const owner = rows.get('cases')?.get((row as CaseEventRow).caseId);
      return owner !== undefined && mayView(userId, 'cases', owner);
    }
    if (!control.visible) return true;
    return control.visible(userId, entity, row);
  }

  function settingValues() {
    return resolveSettings([...(rows.get('settings')?.values() ?? [])].map((r) => ({ id: r.id, value: (r as { value: unknown }).value })));
  }

  /** The hub-derived SLA sort key, from the current settings (as the real hub recomputes it). */
  function withDueAt(row: CaseRow, now: string): CaseRow {
    const values = settingValues();
    const status = computeSla(row.slaEvents, policiesFromSettings(values), calendarFromSettings(values), now);
    return { ...row, slaDueAt: slaDueAt(status) };
  }

  function caseEvent<K extends CaseEventKind>(caseId: string, kind: K, data: CaseEventData[K], userId: string | null, at: number, now: string, id: string = uuidv7()): Change {
    return record('caseEvents', { id, caseId, kind, at: now, userId, data, version: at } as CaseEventRow);
  }

  /** The `changed` event of an update: the fields the hub applied, before and after. */
  function changedEvent(before: CaseRow, after: CaseRow, userId: string, at: number, now: string): Change[] {
    const changes: FieldChange[] = [];
    for (const field of CASE_PATCH_FIELDS) {
      const a = (before as Record<string, unknown>)[field];
      const b = (after as Record<string, unknown>)[field];
      if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a ?? null, after: b ?? null });
    }
    return changes.length ? [caseEvent(after.id, 'changed', { changes }, userId, at, now)] : [];
  }

  function send(ws: WebSocket, message: ServerMessage): void {
    ws.send(JSON.stringify(message));
  }

  function canonical(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
    );
  }

  function auditEntry(at: number, entity: EntityName, id: string, before: AnyEntityRow | null, after: AnyEntityRow | null): void {
    const ctx = auditContext;
    const beforeObj = (before ?? {}) as Record<string, unknown>;
    const afterObj = (after ?? {}) as Record<string, unknown>;
    const keys = new Set([...Object.keys(beforeObj), ...Object.keys(afterObj)]);
    keys.delete('version');
    const changedFields = [...keys].filter((k) => JSON.stringify(beforeObj[k]) !== JSON.stringify(afterObj[k])).sort();
    const session = ctx.sid ? authSessions.get(ctx.sid) : undefined;
    const base = {
      version: at,
      at: new Date().toISOString(),
      entity,
      entityId: id,
      action: after === null ? ('delete' as const) : before === null ? ('create' as const) : ('update' as const),
      userId: ctx.userId,
      userName: ctx.userId ? (syncedUser(ctx.userId)?.name ?? null) : null,
      clientId: ctx.clientId,
      consoleName: session?.clientName ?? null,
      address: session?.ip ?? null,
      offline: ctx.offline,
      clientCreatedAt: ctx.clientCreatedAt,
      before,
      after,
      changedFields,
    };
    const previous = audit.at(-1)?.hash ?? '';
    audit.push({ ...base, hash: createHash('sha256').update(previous).update(canonical(base)).digest('hex') });
  }

  function record(entity: EntityName, row: AnyEntityRow, userId: string | null = null): Change {
    const table = rows.get(entity) ?? new Map<string, AnyEntityRow>();
    rows.set(entity, table);
    auditEntry(row.version, entity, row.id, table.get(row.id) ?? null, row);
    if (entity === 'cases' && userId) {
      const before = table.get(row.id) as CaseRow | undefined;
      const w = writers.get(row.id) ?? new Map<string, string>();
      writers.set(row.id, w);
      for (const [k, v] of Object.entries(row)) if (!before || (before as Record<string, unknown>)[k] !== v) w.set(k, userId);
    }
    table.set(row.id, row);
    const change: Change = { version: row.version, entity, id: row.id, op: 'put', row };
    log.push(change);
    return change;
  }

  function recordDelete(entity: EntityName, id: string, at: number): Change {
    auditEntry(at, entity, id, rows.get(entity)?.get(id) ?? null, null);
    rows.get(entity)?.delete(id);
    const change: Change = { version: at, entity, id, op: 'del' };
    log.push(change);
    return change;
  }

  function userName(id: string): string {
    const row = rows.get('users')?.get(id) as { name?: string } | undefined;
    return row?.name ?? 'someone';
  }

  function goneError(caseId: string): ErrorBody {
    const by = deletedBy.get(caseId);
    return { code: 'NOT_FOUND', message: by ? `This case was deleted by ${userName(by)}.` : 'That case does not exist.' };
  }

  function applyForced(existing: CaseRow, patch: CasePatch, userId: string, now: string): Change[] {
    version += 1;
    const next = withDueAt(applyCasePatch(existing, patch, { now, version }), now);
    return [record('cases', next, userId), ...changedEvent(existing, next, userId, version, now)];
  }

  function broadcast(changes: Change[]): void {
    for (const s of sessions) {
      if (!s.welcomed || s.closing) continue;
      send(s.ws, { type: 'changes', changes: changes.filter((c) => mayView(s.userId, c.entity, c.row)), cursor: { epoch, version } });
    }
  }

  type Mutated = { result: unknown; changes: Change[] };

  function runMutation(m: { id: number; name: string; args: unknown; baseVersions: Record<string, number> }, clientId: string, userId: string): Mutated | ErrorBody {
    const now = new Date().toISOString();
    const { name, args } = m;
    if (name === 'updateSetting') {
      const role = syncedUser(userId)?.role;
      if (!role || !canMutate(role, 'updateSetting', args)) return { code: 'FORBIDDEN', message: 'Your role does not allow this change.' };
      const parsed = updateSettingArgsSchema.safeParse(args);
      if (!parsed.success) return validationError(parsed.error.issues).toBody();
      version += 1;
      const row = { id: parsed.data.key, value: parsed.data.value, updatedAt: now, updatedBy: userId, version };
      return { result: { key: row.id }, changes: [record('settings', row, userId)] };
    }
    if (name === 'createCase') {
      const parsed = createCaseArgsSchema.parse(args);
      caseSequence += 1;
      version += 1;
      const row = withDueAt(buildNewCase(parsed, { userId, now, version, number: formatCaseNumber(2026, caseSequence) }), now);
      return { result: { id: row.id, number: row.number }, changes: [record('cases', row, userId), caseEvent(row.id, 'created', { channel: row.channel, title: row.title }, userId, version, now)] };
    }
    if (name === 'deleteCase') {
      const parsed = deleteCaseArgsSchema.parse(args);
      if (!rows.get('cases')?.has(parsed.id)) return goneError(parsed.id);
      version += 1;
      deletedBy.set(parsed.id, userId);
      // The hub keeps the `deleted` event (its audit trail); no console sees it, the case being gone.
      const changes = [caseEvent(parsed.id, 'deleted', { reason: parsed.reason ?? '' }, userId, version, now), recordDelete('cases', parsed.id, version)];
      for (const c of rows.get('conflicts')?.values() ?? []) {
        const k = c as ConflictRow;
        if (k.caseId === parsed.id && k.resolvedAt === null) changes.push(record('conflicts', { ...k, resolvedAt: now, resolution: 'theirs', version }));
      }
      return { result: { id: parsed.id }, changes };
    }
    if (name === 'addCaseNote' || name === 'sendCaseReply' || name === 'markNotificationsRead' || name === 'handleEscalation') {
      const role = syncedUser(userId)?.role;
      if (!role || !canMutate(role, name, args)) return { code: 'FORBIDDEN', message: 'Your role does not allow this change.' };
    }
    if (name === 'addCaseNote') {
      const parsed = addCaseNoteArgsSchema.safeParse(args);
      if (!parsed.success) return validationError(parsed.error.issues).toBody();
      const target = rows.get('cases')?.get(parsed.data.caseId) as CaseRow | undefined;
      if (!target || !mayView(userId, 'cases', target)) return goneError(parsed.data.caseId);
      version += 1;
      const changes = [caseEvent(target.id, 'note', { text: parsed.data.text, mentions: parsed.data.mentions }, userId, version, now, parsed.data.id)];
      for (const mentioned of new Set(parsed.data.mentions)) {
        // Never the author, and only people who may see the case (a mention must not leak it).
        if (mentioned === userId || !syncedUser(mentioned) || !mayView(mentioned, 'cases', target)) continue;
        const n: NotificationRow = { id: uuidv7(), userId: mentioned, kind: 'mention', caseId: target.id, eventId: parsed.data.id, actorId: userId, text: parsed.data.text.slice(0, 140), createdAt: now, readAt: null, version };
        changes.push(record('notifications', n));
      }
      return { result: { id: parsed.data.id }, changes };
    }
    if (name === 'sendCaseReply') {
      const parsed = sendCaseReplyArgsSchema.safeParse(args);
      if (!parsed.success) return validationError(parsed.error.issues).toBody();
      const target = rows.get('cases')?.get(parsed.data.caseId) as CaseRow | undefined;
      if (!target || !mayView(userId, 'cases', target)) return goneError(parsed.data.caseId);
      if (!target.contactEmail) return { code: 'VALIDATION', message: 'This case has no contact email to reply to.' };
      version += 1;
      const changes: Change[] = [];
      // The first person's reply answers an email case: its first-response clock stops.
      const answered = target.slaEvents.some((e) => e.kind === 'responded');
      if (!answered && target.channel !== 'phone') {
        changes.push(record('cases', withDueAt({ ...target, slaEvents: [...target.slaEvents, { at: now, kind: 'responded' }], updatedAt: now, version }, now), userId));
      }
      const subject = `[${target.number ?? 'new case'}] ${target.title}`;
      changes.push(
        caseEvent(target.id, 'email_out', { to: target.contactEmail, subject, text: parsed.data.text, messageId: `<${parsed.data.id}@fake-hub.test>`, automatic: false, delivery: 'queued', error: null }, userId, version, now, parsed.data.id),
      );
      return { result: { id: parsed.data.id }, changes };
    }
    if (name === 'handleEscalation') {
      const parsed = handleEscalationArgsSchema.safeParse(args);
      if (!parsed.success) return validationError(parsed.error.issues).toBody();
      const target = rows.get('cases')?.get(parsed.data.caseId) as CaseRow | undefined;
      if (!target || !mayView(userId, 'cases', target)) return goneError(parsed.data.caseId);
      if (!target.escalation) {
        const handledBy = [...(rows.get('caseEvents')?.values() ?? [])]
          .map((e) => e as CaseEventRow)
          .filter((e) => e.caseId === target.id && e.kind === 'escalation_handled')
          .at(-1);
        if (!handledBy) return { code: 'CONFLICT', message: 'This case is not escalated.' };
        return { code: 'CONFLICT', message: `This escalation was already handled by ${handledBy.userId ? userName(handledBy.userId) : 'someone'}.` };
      }
      version += 1;
      // As the hub: the escalation is hub-owned, not a patch field, so no field version moves.
      const handled: CaseRow = { ...target, escalation: null, version };
      return {
        result: { id: target.id },
        changes: [record('cases', handled, userId), caseEvent(target.id, 'escalation_handled', { note: parsed.data.note }, userId, version, now)],
      };
    }
    if (name === 'markNotificationsRead') {
      const parsed = markNotificationsReadArgsSchema.safeParse(args);
      if (!parsed.success) return validationError(parsed.error.issues).toBody();
      version += 1;
      const changes: Change[] = [];
      for (const id of parsed.data.ids) {
        const n = rows.get('notifications')?.get(id) as NotificationRow | undefined;
        // Only one's own; someone else's (or unknown) ids are ignored, as the real hub does.
        if (!n || n.userId !== userId || n.readAt !== null) continue;
        changes.push(record('notifications', { ...n, readAt: now, version }));
      }
      return { result: { ids: changes.map((c) => c.id) }, changes };
    }
    if (SERVICE_MUTATION_NAMES.includes(name)) {
      return runServiceMutation(
        {
          rows,
          nextVersion: () => (version += 1),
          record,
          remove: (entity, id, at) => recordDelete(entity, id, at),
          role: (id) => syncedUser(id)?.role,
          files: control.files,
        },
        name,
        args,
        userId,
      );
    }
    if (name === 'resolveConflict') {
      const parsed = resolveConflictArgsSchema.parse(args);
      const k = rows.get('conflicts')?.get(parsed.id) as ConflictRow | undefined;
      if (!k) return { code: 'NOT_FOUND', message: 'No such conflict.' };
      if (k.userId !== userId) return { code: 'FORBIDDEN', message: 'Not your conflict.' };
      if (k.resolvedAt !== null) return { code: 'CONFLICT', message: 'Already resolved.' };
      const existing = rows.get('cases')?.get(k.caseId) as CaseRow | undefined;
      const changes: Change[] = [];
      if (existing && parsed.resolution !== 'theirs') {
        const value = parsed.resolution === 'mine' ? k.yourValue : parsed.value;
        const patch = casePatchSchema.safeParse({ [k.field]: value });
        if (!patch.success) return { code: 'VALIDATION', message: 'That value is not valid.' };
        changes.push(...applyForced(existing, patch.data, userId, now));
      } else version += 1;
      changes.push(record('conflicts', { ...k, resolvedAt: now, resolution: parsed.resolution, version }));
      return { result: { id: k.id, caseDeleted: !existing }, changes };
    }
    const parsed = updateCaseArgsSchema.parse(args);
    const existing = rows.get('cases')?.get(parsed.id) as CaseRow | undefined;
    if (!existing) return goneError(parsed.id);
    const merge = mergeCasePatch(existing, parsed.patch, m.baseVersions);
    version += 1;
    const at = version;
    const updated = withDueAt(applyCasePatch(existing, merge.apply, { now, version: at }), now);
    const changes = [record('cases', updated, userId), ...changedEvent(existing, updated, userId, at, now)];
    const conflictIds: string[] = [];
    for (const c of merge.conflicts) {
      const row: ConflictRow = {
        id: uuidv7(),
        caseId: parsed.id,
        userId,
        clientId,
        mutationId: m.id,
        field: c.field,
        yourValue: c.yours,
        theirValue: c.current,
        theirUserId: writers.get(parsed.id)?.get(c.field) ?? null,
        baseVersion: c.baseVersion,
        createdAt: now,
        resolvedAt: null,
        resolution: null,
        version: at,
      };
      conflictIds.push(row.id);
      changes.push(record('conflicts', row));
    }
    return { result: { id: parsed.id, conflicts: conflictIds }, changes };
  }

  function onPush(s: Session, mutations: Extract<ClientMessage, { type: 'push' }>['mutations']): void {
    control.pushes.push(mutations.map((m) => m.id));
    control.mutations.push(...mutations);
    if (!control.processPushes || !s.clientId || !s.userId) return;
    const clientId = s.clientId;
    const userId = s.userId;
    const results: MutationResult[] = [];
    const changes: Change[] = [];
    for (const m of mutations) {
      const last = lastMutationIds.get(clientId) ?? 0;
      if (m.id <= last) {
        const stored = storedResults.get(`${clientId}:${m.id}`);
        if (stored) results.push(stored);
        continue;
      }
      if (m.id > last + 1) {
        results.push({ mutationId: m.id, ok: false, error: { code: 'CONFLICT', message: 'mutation skips ahead', details: { expectedMutationId: last + 1 } } });
        break;
      }
      const refused = control.reject?.(m.name, m.args) ?? null;
      auditContext = { userId, clientId, sid: s.sid, offline: m.offline === true, clientCreatedAt: m.createdAt };
      let outcome: Mutated | ErrorBody;
      try {
        outcome = refused ?? runMutation(m, clientId, userId);
      } finally {
        auditContext = { userId: null, clientId: null, sid: null, offline: false, clientCreatedAt: null };
      }
      const result: MutationResult = 'code' in outcome ? { mutationId: m.id, ok: false, error: outcome } : { mutationId: m.id, ok: true, result: outcome.result };
      if (!('code' in outcome)) changes.push(...outcome.changes);
      storedResults.set(`${clientId}:${m.id}`, result);
      lastMutationIds.set(clientId, m.id);
      results.push(result);
    }
    if (changes.length) broadcast(changes);
    if (control.dropBeforePushResult) {
      s.ws.terminate();
      return;
    }
    send(s.ws, { type: 'push-result', results, lastMutationId: lastMutationIds.get(clientId) ?? 0 });
  }

  let presenceCounter = 0;

  /**
   * What a session's user may be told of the others (never themselves), as the hub's relay merges
   * it: one entry per user, on the board from any of their sessions, editing what their latest
   * editing session says; board presence to managers and admins only, an edited case only to those
   * who may see it.
   */
  function presenceFor(viewer: Session): PresenceEntry[] {
    const viewerRole = viewer.userId ? syncedUser(viewer.userId)?.role : undefined;
    const seesBoard = viewerRole === 'manager' || viewerRole === 'admin';
    const byUser = new Map<string, { board: boolean; editingCaseId: string | null; editedAt: number }>();
    for (const other of sessions) {
      if (!other.welcomed || other.closing || !other.presence || !other.userId) continue;
      const merged = byUser.get(other.userId) ?? { board: false, editingCaseId: null, editedAt: 0 };
      merged.board ||= other.presence.board;
      if (other.presence.editingCaseId !== null && other.presence.at > merged.editedAt) {
        merged.editingCaseId = other.presence.editingCaseId;
        merged.editedAt = other.presence.at;
      }
      byUser.set(other.userId, merged);
    }
    const out: PresenceEntry[] = [];
    for (const [userId, m] of byUser) {
      if (userId === viewer.userId) continue;
      const board = m.board && seesBoard;
      const edited = m.editingCaseId === null ? undefined : rows.get('cases')?.get(m.editingCaseId);
      const editingCaseId = edited && mayView(viewer.userId, 'cases', edited) ? m.editingCaseId : null;
      if (board || editingCaseId !== null) out.push({ userId, name: userName(userId), board, editingCaseId });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.userId < b.userId ? -1 : 1));
  }

  /** Sends each live session its view of the others when that view changed (or it never had one). */
  function relayPresence(): void {
    control.presenceRelays += 1;
    for (const viewer of sessions) {
      if (!viewer.welcomed || viewer.closing) continue;
      const others = presenceFor(viewer);
      const json = JSON.stringify(others);
      if (viewer.presenceSent === json) continue;
      viewer.presenceSent = json;
      send(viewer.ws, { type: 'presence', others });
    }
  }

  function onHello(s: Session, hello: Extract<ClientMessage, { type: 'hello' }>): void {
    const holder = accessTokens.get(hello.token);
    if (!holder) {
      send(s.ws, { type: 'error', error: { code: 'UNAUTHENTICATED', message: 'Token expired.' } });
      s.ws.close(4001, 'unauthenticated');
      return;
    }
    if (!sessionLive(holder.sid)) {
      s.ws.close(SYNC_CLOSE.revoked, 'revoked');
      return;
    }
    s.clientId = hello.clientId;
    s.userId = holder.userId;
    s.sid = holder.sid;
    s.welcomed = true;
    authSessions.get(holder.sid)!.lastSeenAt = new Date().toISOString();
    const userId = holder.userId;
    send(s.ws, { type: 'welcome', user: publicUser(syncedUser(userId)!), epoch, version, lastMutationId: lastMutationIds.get(hello.clientId) ?? 0 });
    // Once when it goes live, even when nobody else is there (as the hub's relay does).
    relayPresence();
    if (hello.cursor === null || hello.cursor.epoch !== epoch || hello.cursor.version < (viewVersions.get(userId) ?? 0)) {
      control.bootstraps += 1;
      const all = [...rows.entries()].map(([entity, table]) => [entity, new Map([...table].filter(([, row]) => mayView(userId, entity, row)))] as const);
      const total = all.reduce((n, [, t]) => n + t.size, 0);
      send(s.ws, { type: 'bootstrap-begin', epoch, version, total });
      void (async () => {
        let sent = 0;
        let frames = 0;
        for (const [entity, table] of all) {
          const list = [...table.values()];
          for (let i = 0; i < list.length; i += control.bootstrapChunk) {
            if (control.dropBootstrapAfterFrames !== null && frames >= control.dropBootstrapAfterFrames) {
              s.ws.terminate();
              return;
            }
            if (control.bootstrapFrameDelayMs > 0) await new Promise((r) => setTimeout(r, control.bootstrapFrameDelayMs));
            const chunk = list.slice(i, i + control.bootstrapChunk);
            sent += chunk.length;
            frames += 1;
            send(s.ws, { type: 'bootstrap-rows', entity, rows: chunk, sent, total });
          }
        }
        send(s.ws, { type: 'bootstrap-end', cursor: { epoch, version } });
      })();
    } else {
      const after = hello.cursor.version;
      send(s.ws, { type: 'changes', changes: log.filter((c) => c.version > after && mayView(userId, c.entity, c.row)), cursor: { epoch, version } });
    }
  }

  function adminUser(u: SyncedUser): AdminUser {
    const last = signIns.find((e) => e.userId === u.id && e.outcome === 'success');
    return {
      id: u.id,
      name: u.name,
      email: u.email,
      phone: u.phone,
      role: u.role,
      regions: [...u.regions],
      engineer: u.engineer,
      active: u.active,
      mustChangePassword: u.mustChangePassword,
      createdAt: createdAt.get(u.id) ?? '2026-01-01T00:00:00.000Z',
      lastSignInAt: last?.at ?? null,
    };
  }

  function allUsers(): SyncedUser[] {
    return [...(rows.get('users')?.values() ?? [])] as SyncedUser[];
  }

  /** Writes a user row as one change by the caller, fanned out like any other change. */
  function putUser(caller: Caller | null, next: Omit<SyncedUser, 'version'>): SyncedUser {
    version += 1;
    auditContext = { userId: caller?.userId ?? null, clientId: null, sid: caller?.sid ?? null, offline: false, clientCreatedAt: null };
    try {
      const change = record('users', { ...next, version } as SyncedUser);
      broadcast([change]);
      return change.row as SyncedUser;
    } finally {
      auditContext = { userId: null, clientId: null, sid: null, offline: false, clientCreatedAt: null };
    }
  }

  function temporaryPassword(): string {
    return randomBytes(15).toString('base64url');
  }

  function sessionView(record: AuthSessionRecord, callerSid: string): SessionView {
    const u = syncedUser(record.userId);
    return { ...record, userName: u?.name ?? '', userEmail: u?.email ?? '', current: record.id === callerSid };
  }

  function lastActiveAdmin(userId: string): boolean {
    return allUsers().filter((u) => u.active && u.role === 'admin').every((u) => u.id === userId);
  }

  function findUser(id: string | undefined): SyncedUser {
    const u = id ? syncedUser(id) : undefined;
    if (!u) throw new AppError('NOT_FOUND', 'No such person.');
    return u;
  }

  function queryAudit(q: Record<string, unknown>): AuditPage {
    const limit = typeof q.limit === 'number' ? q.limit : 100;
    const from = typeof q.from === 'string' ? Date.parse(q.from) : null;
    const to = typeof q.to === 'string' ? Date.parse(q.to) : null;
    const matches = audit
      .filter(
        (e) =>
          (q.userId === undefined || e.userId === q.userId) &&
          (q.entity === undefined || e.entity === q.entity) &&
          (q.entityId === undefined || e.entityId === q.entityId) &&
          (q.action === undefined || e.action === q.action) &&
          (from === null || Date.parse(e.at) >= from) &&
          (to === null || Date.parse(e.at) < to) &&
          (typeof q.beforeVersion !== 'number' || e.version < q.beforeVersion),
      )
      .sort((a, b) => b.version - a.version);
    let end = Math.min(limit, matches.length);
    // Entries sharing a version stay on one page, so paging by version never skips one.
    while (end > 0 && end < matches.length && matches[end]!.version === matches[end - 1]!.version) end += 1;
    const entries = matches.slice(0, end);
    return { entries, nextBeforeVersion: end < matches.length ? entries[entries.length - 1]!.version : null };
  }

  function handleRoute(name: HubRouteName, caller: Caller, id: string | undefined, body: Record<string, unknown>): unknown {
    const now = new Date().toISOString();
    switch (name) {
      case 'account.changePassword': {
        if (body.currentPassword !== passwords.get(caller.userId)) throw new AppError('VALIDATION', 'Some fields need attention.', { fields: { currentPassword: 'Your current password is incorrect.' } });
        const problem = passwordProblem(String(body.newPassword), caller.user.email);
        if (problem) throw new AppError('VALIDATION', 'Some fields need attention.', { fields: { newPassword: problem } });
        passwords.set(caller.userId, String(body.newPassword));
        mustChange.delete(caller.userId);
        putUser(caller, { ...caller.user, mustChangePassword: false, passwordChangedAt: now });
        revokeSessions((r) => r.userId === caller.userId && r.id !== caller.sid);
        return null;
      }
      case 'account.sessions':
        return [...authSessions.values()].filter((r) => r.userId === caller.userId && r.revokedAt === null).map((r) => sessionView(r, caller.sid));
      case 'account.revokeSession': {
        const record = id ? authSessions.get(id) : undefined;
        if (!record || record.userId !== caller.userId) throw new AppError('NOT_FOUND', 'No such session.');
        revokeSessions((r) => r.id === record.id);
        return null;
      }
      case 'users.list': {
        const list = allUsers();
        const visible = caller.user.role === 'admin' ? list : list.filter((u) => u.id === caller.userId || u.regions.some((r) => caller.user.regions.includes(r)));
        return visible.map(adminUser).sort((a, b) => a.name.localeCompare(b.name));
      }
      case 'users.create': {
        if (allUsers().some((u) => u.email.toLowerCase() === String(body.email).toLowerCase())) {
          throw new AppError('CONFLICT', 'Someone already has this email.', { fields: { email: 'Someone already has this email.' } });
        }
        const userId = uuidv7();
        const password = temporaryPassword();
        passwords.set(userId, password);
        mustChange.add(userId);
        createdAt.set(userId, now);
        const created = putUser(caller, {
          id: userId,
          email: String(body.email),
          name: String(body.name),
          role: body.role as SyncedUser['role'],
          regions: body.regions as string[],
          active: true,
          phone: String(body.phone),
          engineer: body.engineer as SyncedUser['engineer'],
          mustChangePassword: true,
          passwordChangedAt: null,
        });
        return { user: adminUser(created), temporaryPassword: password };
      }
      case 'users.update': {
        const u = findUser(id);
        const role = (body.role as SyncedUser['role'] | undefined) ?? u.role;
        if (u.role === 'admin' && role !== 'admin' && u.active && lastActiveAdmin(u.id)) throw new AppError('CONFLICT', 'The last active admin must stay an admin.');
        const engineer = role !== 'fse' ? null : body.engineer !== undefined ? (body.engineer as SyncedUser['engineer']) : u.engineer;
        if (role === 'fse' && !engineer) throw new AppError('VALIDATION', 'Some fields need attention.', { fields: { engineer: 'An engineer needs a profile (skills and capacity).' } });
        const regions = (body.regions as string[] | undefined) ?? u.regions;
        if (role !== u.role || JSON.stringify(regions) !== JSON.stringify(u.regions)) viewChanged(u.id, version + 1);
        const next = putUser(caller, { ...u, name: (body.name as string | undefined) ?? u.name, phone: (body.phone as string | undefined) ?? u.phone, role, regions, engineer });
        return adminUser(next);
      }
      case 'users.updateEngineer': {
        const u = findUser(id);
        if (u.role !== 'fse') throw new AppError('VALIDATION', 'Some fields need attention.', { fields: { engineer: 'Only engineers have an engineer profile.' } });
        if (caller.user.role !== 'admin' && !u.regions.some((r) => caller.user.regions.includes(r))) {
          throw new AppError('FORBIDDEN', 'You can edit only the engineers of your regions.', { id: u.id });
        }
        return adminUser(putUser(caller, { ...u, engineer: body as unknown as SyncedUser['engineer'] }));
      }
      case 'users.setActive': {
        const u = findUser(id);
        if (!body.active && u.role === 'admin' && u.active && lastActiveAdmin(u.id)) throw new AppError('CONFLICT', 'The last active admin cannot be deactivated.');
        const next = putUser(caller, { ...u, active: body.active === true });
        if (!next.active) revokeSessions((r) => r.userId === u.id);
        return adminUser(next);
      }
      case 'users.resetPassword': {
        const u = findUser(id);
        const password = temporaryPassword();
        passwords.set(u.id, password);
        mustChange.add(u.id);
        putUser(caller, { ...u, mustChangePassword: true });
        revokeSessions((r) => r.userId === u.id);
        return { temporaryPassword: password };
      }
      case 'sessions.list':
        return [...authSessions.values()]
          .filter((r) => (body.includeRevoked === true || r.revokedAt === null) && (body.userId === undefined || r.userId === body.userId))
          .map((r) => sessionView(r, caller.sid));
      case 'sessions.revoke': {
        if (!id || !authSessions.has(id)) throw new AppError('NOT_FOUND', 'No such session.');
        revokeSessions((r) => r.id === id);
        return null;
      }
      case 'signIns.list':
        return signIns
          .filter((e) => (body.userId === undefined || e.userId === body.userId) && (body.outcome === undefined || e.outcome === body.outcome))
          .slice(0, typeof body.limit === 'number' ? body.limit : 100);
      case 'audit.query':
        return queryAudit(body);
      case 'audit.verify': {
        let previous = '';
        let firstBroken: { version: number; reason: string } | null = null;
        for (const e of audit) {
          const { hash, ...base } = e;
          if (createHash('sha256').update(previous).update(canonical(base)).digest('hex') !== hash) {
            firstBroken = { version: e.version, reason: 'The entry does not match its hash.' };
            break;
          }
          previous = hash;
        }
        return { ok: firstBroken === null, checked: audit.length, headVersion: version, firstBroken, checkedAt: now };
      }
      case 'mailboxes.list':
        return [...control.mailboxes.values()];
      case 'mailboxes.create': {
        const mailbox = mailboxFrom(uuidv7(), body, null);
        return mailbox;
      }
      case 'mailboxes.update': {
        const current = id ? control.mailboxes.get(id) : undefined;
        if (!current || !id) throw new AppError('NOT_FOUND', 'No such mailbox.');
        return mailboxFrom(id, body, current);
      }
      case 'mailboxes.remove': {
        if (!id || !control.mailboxes.delete(id)) throw new AppError('NOT_FOUND', 'No such mailbox.');
        control.mailboxPasswords.delete(id);
        return null;
      }
      case 'mailboxes.retry': {
        const current = id ? control.mailboxes.get(id) : undefined;
        if (!current || !id) throw new AppError('NOT_FOUND', 'No such mailbox.');
        const next: MailboxView = { ...current, state: current.enabled ? 'connecting' : 'disabled', retryAt: null };
        control.mailboxes.set(id, next);
        return next;
      }
      default:
        throw new AppError('NOT_FOUND', 'No such route.');
    }
  }

  /** A mailbox view from a create (current null) or an update body; passwords are kept apart, write-only. */
  function mailboxFrom(id: string, body: Record<string, unknown>, current: MailboxView | null): MailboxView {
    type Server = { host?: string; port?: number; security?: MailboxView['imap']['security']; user?: string; password?: string };
    const stored = control.mailboxPasswords.get(id) ?? { imap: null, smtp: null };
    const server = (key: 'imap' | 'smtp') => {
      const patch = (body[key] ?? {}) as Server;
      if (patch.password !== undefined) stored[key] = patch.password;
      const base = current?.[key];
      return {
        host: patch.host ?? base?.host ?? '',
        port: patch.port ?? base?.port ?? 0,
        security: patch.security ?? base?.security ?? 'tls',
        user: patch.user ?? base?.user ?? '',
        hasPassword: stored[key] !== null,
      };
    };
    const enabled = (body.enabled as boolean | undefined) ?? current?.enabled ?? true;
    const next: MailboxView = {
      id,
      name: (body.name as string | undefined) ?? current?.name ?? '',
      address: (body.address as string | undefined) ?? current?.address ?? '',
      imap: server('imap'),
      smtp: server('smtp'),
      folder: (body.folder as string | undefined) ?? current?.folder ?? 'INBOX',
      enabled,
      state: enabled ? (current?.state ?? 'connecting') : 'disabled',
      lastError: current?.lastError ?? null,
      lastCheckedAt: current?.lastCheckedAt ?? null,
      retryAt: current?.retryAt ?? null,
      handled: current?.handled ?? 0,
    };
    control.mailboxPasswords.set(id, stored);
    control.mailboxes.set(id, next);
    return next;
  }

  /** attachments.get: the bytes, for a case the caller may see; anything else is a plain 404. */
  function attachmentBytes(caller: Caller, id: string | undefined): { caseId: string; fileName: string; mime: string; bytes: Buffer } {
    const found = id ? control.attachments.get(id) : undefined;
    const owner = found ? rows.get('cases')?.get(found.caseId) : undefined;
    if (!found || !owner || !mayView(caller.userId, 'cases', owner)) throw new AppError('NOT_FOUND', 'No such attachment.');
    return found;
  }

  /** Bearer auth, the password-change gate, the route's right and body schema, as the hub checks them. */
  function authorise(name: HubRouteName, authorization: string | undefined): Caller {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const holder = token ? accessTokens.get(token) : undefined;
    if (!token || !holder) {
      const reason = token && expiredTokens.has(token) ? 'expired' : 'invalid';
      throw new AppError('UNAUTHENTICATED', reason === 'expired' ? 'Your sign-in has expired.' : 'Sign in first.', { reason });
    }
    if (!sessionLive(holder.sid)) throw new AppError('UNAUTHENTICATED', 'Your session has ended.', { reason: 'revoked' });
    const user = syncedUser(holder.userId)!;
    const route: (typeof HUB_ROUTES)[HubRouteName] = HUB_ROUTES[name];
    if (mustChange.has(holder.userId) && !('beforePasswordChange' in route)) {
      throw new AppError('FORBIDDEN', 'Change your temporary password first.', { reason: 'password_change_required' });
    }
    if (route.access !== 'signed-in' && route.access !== 'public' && !can(user.role, route.access)) throw new AppError('FORBIDDEN', 'Your role does not allow this.');
    authSessions.get(holder.sid)!.lastSeenAt = new Date().toISOString();
    return { userId: holder.userId, sid: holder.sid, user };
  }

  function matchRoute(method: string, pathname: string): { name: HubRouteName; id?: string } | null {
    for (const [name, route] of Object.entries(HUB_ROUTES) as [HubRouteName, (typeof HUB_ROUTES)[HubRouteName]][]) {
      if (route.method !== method || route.access === 'public') continue;
      const pattern = new RegExp(`^${route.path.replace(':id', '([^/]+)')}$`);
      const m = pattern.exec(pathname);
      if (m) return { name, id: m[1] === undefined ? undefined : decodeURIComponent(m[1]) };
    }
    return null;
  }

  function login(input: { email?: string; password?: string; clientName?: string }, ip: string | null): { status: number; payload: unknown } {
    const user = allUsers().find((u) => u.email === input.email);
    const event = (outcome: SignInEvent['outcome']) =>
      signIns.unshift({ id: uuidv7(), at: new Date().toISOString(), email: String(input.email ?? ''), userId: user?.id ?? null, userName: user?.name ?? null, outcome, ip, clientName: input.clientName ?? null });
    if (!user || passwords.get(user.id) !== input.password) {
      event('failure');
      return { status: 401, payload: { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Email or password is incorrect.' } } };
    }
    if (!user.active) {
      event('deactivated');
      return { status: 401, payload: { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Email or password is incorrect.' } } };
    }
    event('success');
    const now = new Date().toISOString();
    const sid = uuidv7();
    authSessions.set(sid, { id: sid, userId: user.id, clientName: input.clientName ?? null, ip, createdAt: now, lastSeenAt: now, revokedAt: null });
    return { status: 200, payload: { ok: true, value: issueTokens(user.id, sid) } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const isRaw = req.headers['content-type'] === 'application/octet-stream';
      const body = isRaw ? '' : raw.toString();
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const input = (body ? JSON.parse(body) : {}) as { email?: string; password?: string; refreshToken?: string; clientName?: string };
      const pathname = new URL(req.url ?? '/', 'http://fake-hub').pathname;
      if (pathname === '/auth/login') {
        const outcome = login(input, req.socket.remoteAddress ?? null);
        reply(outcome.status, outcome.payload);
      } else if (pathname === '/auth/refresh') {
        control.refreshCalls += 1;
        const sid = input.refreshToken ? refreshTokens.get(input.refreshToken) : undefined;
        if (!input.refreshToken || sid === undefined || !sessionLive(sid)) {
          reply(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Session ended.', details: { reason: 'revoked' } } });
        } else {
          refreshTokens.delete(input.refreshToken);
          const record = authSessions.get(sid)!;
          record.lastSeenAt = new Date().toISOString();
          reply(200, { ok: true, value: issueTokens(record.userId, sid) });
        }
      } else if (pathname === '/auth/logout') {
        const sid = input.refreshToken ? refreshTokens.get(input.refreshToken) : undefined;
        if (sid !== undefined) revokeSessions((r) => r.id === sid);
        reply(200, { ok: true, value: null });
      } else {
        const match = matchRoute(req.method ?? 'GET', pathname);
        if (!match) {
          reply(404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such route.' } });
          return;
        }
        let status = 200;
        try {
          const caller = authorise(match.name, req.headers.authorization);
          const idPattern = HUB_ROUTES[match.name].path.startsWith('/files/') ? /^[0-9a-f]{64}$/ : ID_PATTERN;
          if (match.id !== undefined && !idPattern.test(match.id)) throw new AppError('BAD_REQUEST', 'That id is not valid.');
          const route: (typeof HUB_ROUTES)[HubRouteName] = HUB_ROUTES[match.name];
          let parsedBody: Record<string, unknown> = input as Record<string, unknown>;
          if ('body' in route) {
            const parsed = route.body.safeParse(input);
            if (!parsed.success) throw validationError(parsed.error.issues);
            parsedBody = parsed.data as Record<string, unknown>;
          }
          if (match.name === 'files.put') {
            if (control.failFilePuts) throw control.failFilePuts;
            reply(200, { ok: true, value: putFile(control.files, match.id!, raw) });
          } else if (match.name === 'files.get') {
            const file = control.files.get(match.id!);
            if (!file) throw new AppError('NOT_FOUND', 'No such file.');
            res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': file.length });
            res.end(file);
          } else if (match.name === 'attachments.get') {
            const file = attachmentBytes(caller, match.id);
            res.writeHead(200, {
              'content-type': file.mime,
              'content-length': file.bytes.length,
              'content-disposition': `attachment; filename="attachment.bin"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
            });
            res.end(file.bytes);
          } else {
            const value = handleRoute(match.name, caller, match.id, parsedBody);
            reply(200, { ok: true, value });
          }
        } catch (error) {
          const appError = error instanceof AppError ? error : new AppError('INTERNAL', String(error));
          status = HTTP_STATUS_BY_CODE[appError.code];
          reply(status, { ok: false, error: appError.toBody() });
        }
        control.routeCalls.push({ name: match.name, authorization: req.headers.authorization ?? null, status });
      }
    });
  });
  const wss = new WebSocketServer({ server, path: '/sync' });
  wss.on('connection', (ws) => {
    const s: Session = { ws, clientId: null, welcomed: false, userId: null, sid: null, closing: false, presence: null, presenceSent: null };
    sessions.add(s);
    ws.on('close', () => {
      sessions.delete(s);
      // The user's entry leaves with their socket (the hub keeps presence for live sessions only).
      if (s.presence) relayPresence();
    });
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ClientMessage;
      if (message.type === 'hello') {
        control.hellos += 1;
        onHello(s, message);
      }
      else if (message.type === 'push') onPush(s, message.mutations);
      else if (message.type === 'auth') control.authFrames.push(message.token);
      else if (message.type === 'presence') {
        control.presenceFrames.push({ userId: s.userId, board: message.board, editingCaseId: message.editingCaseId });
        if (!s.welcomed) return;
        s.presence = { board: message.board, editingCaseId: message.editingCaseId, at: ++presenceCounter };
        relayPresence();
      }
      else if (message.type === 'ping' && control.answerPings) send(ws, { type: 'pong' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    control,
    /** Every access token issued so far expires (the hub answers 'expired' until a refresh). */
    expireAccessTokens: () => {
      for (const token of accessTokens.keys()) expiredTokens.add(token);
      accessTokens.clear();
    },
    /** Ends every session of a user (as deactivation or a password reset does): 4003 on live sockets. */
    revokeSessionsOf: (userId: string) => revokeSessions((r) => r.userId === userId),
    /** Changes what a user may see: later bootstraps and changes are filtered, live sockets get 4009. */
    changeView(userId: string, visible: (entity: EntityName, row: AnyEntityRow) => boolean): void {
      const previous = control.visible;
      control.visible = (uid, entity, row) => (uid === userId ? visible(entity, row) : (previous?.(uid, entity, row) ?? true));
      version += 1;
      viewChanged(userId);
    },
    /** The audit trail the hub has recorded, oldest first. */
    auditEntries: () => audit as readonly AuditEntry[],
    /** Sets a user's password directly (a user other than the one given at start can sign in). */
    setPassword: (userId: string, password: string) => passwords.set(userId, password),
    closeSessions(code: number, reason = '') {
      for (const s of sessions) s.ws.close(code, reason);
    },
    dropSessions() {
      for (const s of sessions) s.ws.terminate();
    },
    /** Another user's change, fanned out like the hub does. */
    serverPut(entity: EntityName, makeRow: (version: number) => AnyEntityRow, userId: string | null = null): AnyEntityRow {
      version += 1;
      const change = record(entity, makeRow(version), userId);
      broadcast([change]);
      return change.row!;
    },
    /** Another user's delete (or a purge from this user's sync groups), fanned out as a `del`. */
    serverDelete(entity: EntityName, id: string, userId: string | null = null): void {
      version += 1;
      if (entity === 'cases' && userId) deletedBy.set(id, userId);
      broadcast([recordDelete(entity, id, version)]);
    },
    /** The hub's escalation evaluator escalating a case (hub-owned field plus an `escalated` event). */
    escalate(caseId: string, reasons: readonly string[], notified: readonly string[] = []): CaseRow {
      const existing = rows.get('cases')?.get(caseId) as CaseRow | undefined;
      if (!existing) throw new Error(`escalate: no case ${caseId}`);
      version += 1;
      const now = new Date().toISOString();
      const next: CaseRow = { ...existing, escalation: { at: now, reasons: [...reasons] }, version };
      broadcast([record('cases', next), caseEvent(caseId, 'escalated', { reasons: [...reasons], notified: [...notified] }, null, version, now)]);
      return next;
    },
    /** A restored backup: new epoch, so every console with a cursor bootstraps afresh. */
    setEpoch(next: string): void {
      epoch = next;
    },
    row: (entity: EntityName, id: string) => rows.get(entity)?.get(id),
    currentVersion: () => version,
    async stop() {
      for (const s of sessions) s.ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
