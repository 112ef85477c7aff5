// A small in-process hub for the core's tests: HTTP auth routes and a /sync WebSocket speaking the
// protocol (welcome, bootstrap, changes, push-result) over a real loopback socket. It applies
// mutations with the same shared functions as the real hub, but keeps everything in memory.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { applyCasePatch, buildNewCase } from '../../../../shared/case-lifecycle.js';
import { formatCaseNumber } from '../../../../shared/case-number.js';
import { createCaseArgsSchema, updateCaseArgsSchema, type CaseRow, type PublicUser } from '../../../../shared/domain.js';
import type { ErrorBody } from '../../../../shared/errors.js';
import type { AnyEntityRow, EntityName } from '../../../../shared/sync/entities.js';
import type { Change, ClientMessage, MutationResult, ServerMessage } from '../../../../shared/sync/protocol.js';

export type FakeHubOptions = Readonly<{ user: PublicUser; password: string; rows?: Partial<Record<EntityName, AnyEntityRow[]>> }>;

type Session = { ws: WebSocket; clientId: string | null; welcomed: boolean };

export type FakeHub = Awaited<ReturnType<typeof startFakeHub>>;

export async function startFakeHub(options: FakeHubOptions) {
  const epoch = 'epoch-1';
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

  function record(entity: EntityName, row: AnyEntityRow): Change {
    const table = rows.get(entity) ?? new Map<string, AnyEntityRow>();
    rows.set(entity, table);
    table.set(row.id, row);
    const change: Change = { version: row.version, entity, id: row.id, op: 'put', row };
    log.push(change);
    return change;
  }

  function broadcast(changes: Change[]): void {
    for (const s of sessions) if (s.welcomed) send(s.ws, { type: 'changes', changes, cursor: { epoch, version } });
  }

  function runMutation(name: string, args: unknown, userId: string): { result: unknown; change: Change } | ErrorBody {
    const now = new Date().toISOString();
    if (name === 'createCase') {
      const parsed = createCaseArgsSchema.parse(args);
      caseSequence += 1;
      version += 1;
      const row = buildNewCase(parsed, { userId, now, version, number: formatCaseNumber(2026, caseSequence) });
      return { result: { id: row.id, number: row.number }, change: record('cases', row) };
    }
    const parsed = updateCaseArgsSchema.parse(args);
    const existing = rows.get('cases')?.get(parsed.id) as CaseRow | undefined;
    if (!existing) return { code: 'NOT_FOUND', message: 'That case does not exist.' };
    version += 1;
    const row = applyCasePatch(existing, parsed.patch, { now, version });
    return { result: { id: row.id }, change: record('cases', row) };
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
      const outcome = refused ?? runMutation(m.name, m.args, options.user.id);
      const result: MutationResult = 'code' in outcome ? { mutationId: m.id, ok: false, error: outcome } : { mutationId: m.id, ok: true, result: outcome.result };
      if (!('code' in outcome)) changes.push(outcome.change);
      storedResults.set(`${clientId}:${m.id}`, result);
      lastMutationIds.set(clientId, m.id);
      results.push(result);
    }
    if (changes.length) broadcast(changes);
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
      let sent = 0;
      for (const [entity, table] of all) {
        sent += table.size;
        send(s.ws, { type: 'bootstrap-rows', entity, rows: [...table.values()], sent, total });
      }
      send(s.ws, { type: 'bootstrap-end', cursor: { epoch, version } });
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
      if (message.type === 'hello') onHello(s, message);
      else if (message.type === 'push') onPush(s, message.mutations);
      else if (message.type === 'auth') control.authFrames.push(message.token);
      else if (message.type === 'ping') send(ws, { type: 'pong' });
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
    serverPut(entity: EntityName, makeRow: (version: number) => AnyEntityRow): AnyEntityRow {
      version += 1;
      const change = record(entity, makeRow(version));
      broadcast([change]);
      return change.row!;
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
