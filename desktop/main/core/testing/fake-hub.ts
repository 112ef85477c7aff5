// A small in-process hub for the core's tests: HTTP auth routes and a /sync WebSocket speaking the
// protocol (welcome, bootstrap, changes, push-result) over a real loopback socket. It applies
// mutations with the same shared functions as the real hub (mergeCasePatch for field conflicts,
// deletes win), but keeps everything in memory.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { applyCasePatch, buildNewCase } from '../../../../shared/case-lifecycle.js';
import { formatCaseNumber } from '../../../../shared/case-number.js';
import {
  casePatchSchema,
  createCaseArgsSchema,
  deleteCaseArgsSchema,
  resolveConflictArgsSchema,
  updateCaseArgsSchema,
  type CasePatch,
  type CaseRow,
  type ConflictRow,
  type PublicUser,
} from '../../../../shared/domain.js';
import type { ErrorBody } from '../../../../shared/errors.js';
import type { AnyEntityRow, EntityName } from '../../../../shared/sync/entities.js';
import { mergeCasePatch } from '../../../../shared/sync/merge.js';
import { BOOTSTRAP_CHUNK_ROWS, type Change, type ClientMessage, type MutationResult, type ServerMessage } from '../../../../shared/sync/protocol.js';
import { uuidv7 } from 'uuidv7';

export type FakeHubOptions = Readonly<{ user: PublicUser; password: string; rows?: Partial<Record<EntityName, AnyEntityRow[]>> }>;

type Session = { ws: WebSocket; clientId: string | null; welcomed: boolean };

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
  const accessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const sessions = new Set<Session>();

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
  };

  function issueTokens() {
    tokenCounter += 1;
    const accessToken = `access-${tokenCounter}`;
    const refreshToken = `refresh-token-${tokenCounter}`;
    accessTokens.add(accessToken);
    refreshTokens.add(refreshToken);
    return { accessToken, refreshToken, expiresIn: control.accessExpiresIn, user: options.user };
  }

  function send(ws: WebSocket, message: ServerMessage): void {
    ws.send(JSON.stringify(message));
  }

  function record(entity: EntityName, row: AnyEntityRow, userId: string | null = null): Change {
    const table = rows.get(entity) ?? new Map<string, AnyEntityRow>();
    rows.set(entity, table);
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

  function applyForced(existing: CaseRow, patch: CasePatch, userId: string, now: string): Change {
    version += 1;
    return record('cases', applyCasePatch(existing, patch, { now, version }), userId);
  }

  function broadcast(changes: Change[]): void {
    for (const s of sessions) if (s.welcomed) send(s.ws, { type: 'changes', changes, cursor: { epoch, version } });
  }

  type Mutated = { result: unknown; changes: Change[] };

  function runMutation(m: { id: number; name: string; args: unknown; baseVersions: Record<string, number> }, clientId: string, userId: string): Mutated | ErrorBody {
    const now = new Date().toISOString();
    const { name, args } = m;
    if (name === 'createCase') {
      const parsed = createCaseArgsSchema.parse(args);
      caseSequence += 1;
      version += 1;
      const row = buildNewCase(parsed, { userId, now, version, number: formatCaseNumber(2026, caseSequence) });
      return { result: { id: row.id, number: row.number }, changes: [record('cases', row, userId)] };
    }
    if (name === 'deleteCase') {
      const parsed = deleteCaseArgsSchema.parse(args);
      if (!rows.get('cases')?.has(parsed.id)) return goneError(parsed.id);
      version += 1;
      deletedBy.set(parsed.id, userId);
      const changes = [recordDelete('cases', parsed.id, version)];
      for (const c of rows.get('conflicts')?.values() ?? []) {
        const k = c as ConflictRow;
        if (k.caseId === parsed.id && k.resolvedAt === null) changes.push(record('conflicts', { ...k, resolvedAt: now, resolution: 'theirs', version }));
      }
      return { result: { id: parsed.id }, changes };
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
        changes.push(applyForced(existing, patch.data, userId, now));
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
    const changes = [record('cases', applyCasePatch(existing, merge.apply, { now, version: at }), userId)];
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
    if (!control.processPushes || !s.clientId) return;
    const clientId = s.clientId;
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
      const outcome = refused ?? runMutation(m, clientId, options.user.id);
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

  function onHello(s: Session, hello: Extract<ClientMessage, { type: 'hello' }>): void {
    if (!accessTokens.has(hello.token)) {
      send(s.ws, { type: 'error', error: { code: 'UNAUTHENTICATED', message: 'Token expired.' } });
      s.ws.close(4001, 'unauthenticated');
      return;
    }
    s.clientId = hello.clientId;
    s.welcomed = true;
    send(s.ws, { type: 'welcome', user: options.user, epoch, version, lastMutationId: lastMutationIds.get(hello.clientId) ?? 0 });
    if (hello.cursor === null || hello.cursor.epoch !== epoch) {
      const all = [...rows.entries()];
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
      send(s.ws, { type: 'changes', changes: log.filter((c) => c.version > after), cursor: { epoch, version } });
    }
  }

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const input = (body ? JSON.parse(body) : {}) as { email?: string; password?: string; refreshToken?: string };
      if (req.url === '/auth/login') {
        if (input.email !== options.user.email || input.password !== options.password) {
          reply(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Email or password is incorrect.' } });
        } else reply(200, { ok: true, value: issueTokens() });
      } else if (req.url === '/auth/refresh') {
        control.refreshCalls += 1;
        if (!input.refreshToken || !refreshTokens.delete(input.refreshToken)) {
          reply(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Session ended.' } });
        } else reply(200, { ok: true, value: issueTokens() });
      } else if (req.url === '/auth/logout') {
        if (input.refreshToken) refreshTokens.delete(input.refreshToken);
        reply(200, { ok: true, value: null });
      } else reply(404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such route.' } });
    });
  });
  const wss = new WebSocketServer({ server, path: '/sync' });
  wss.on('connection', (ws) => {
    const s: Session = { ws, clientId: null, welcomed: false };
    sessions.add(s);
    ws.on('close', () => sessions.delete(s));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ClientMessage;
      if (message.type === 'hello') {
        control.hellos += 1;
        onHello(s, message);
      }
      else if (message.type === 'push') onPush(s, message.mutations);
      else if (message.type === 'auth') control.authFrames.push(message.token);
      else if (message.type === 'ping' && control.answerPings) send(ws, { type: 'pong' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    control,
    /** Every access token issued so far stops working (as after a hub key rotation). */
    expireAccessTokens: () => accessTokens.clear(),
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
