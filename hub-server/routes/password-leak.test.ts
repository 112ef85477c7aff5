// Passwords never leave the hub: after creating a user, resetting, changing, signing in and out
// and failing a sign-in, no plaintext password and no password hash appears in the hub's logs,
// any HTTP answer (but the one-time temporary-password answers), or the audit-relevant tables.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { HubRouteName } from '../../shared/admin.js';
import type { CreatedUser, TemporaryPassword } from '../../shared/admin.js';
import { TEST_PASSWORD, newCaseArgs } from '../testing/fixtures.js';
import { createCaptureLogger } from '../testing/capture-log.js';
import { callRoute, type RouteCall } from '../testing/hub-http.js';
import { CacheClient, createWorld, type World } from '../testing/sync-world.js';

let world: World | null = null;
afterAll(async () => {
  await world?.close();
});

describe('password leaks', () => {
  it('keeps every password and hash out of logs, responses, the change log, results, sign-ins and sessions', async () => {
    const captured = createCaptureLogger();
    world = await createWorld(undefined, { log: captured.log });
    const w = world;
    const passwords = new Set<string>([TEST_PASSWORD]);
    const hashes = new Set<string>();
    const bodies: string[] = [];
    const dbFile = path.join(w.dir, 'hub.db');
    const collectHashes = () => {
      const sqlite = new Database(dbFile, { readonly: true });
      for (const row of sqlite.prepare('SELECT password_hash AS h FROM users').all() as { h: string }[]) hashes.add(row.h);
      sqlite.close();
    };
    /** Every answer is scanned, except the one-time temporary-password answers. */
    const call = async <T>(name: HubRouteName, request: RouteCall, scan = true) => {
      const answer = await callRoute<T>(w.hub.url, name, request);
      if (scan) bodies.push(answer.text);
      return answer;
    };
    const post = async (url: string, body: unknown) => {
      const res = await fetch(`${w.hub.url}${url}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const text = await res.text();
      bodies.push(text);
      return JSON.parse(text) as { ok: boolean; value: { accessToken: string; refreshToken: string } };
    };

    collectHashes();
    const admin = await post('/auth/login', { email: 'admin@world.test', password: TEST_PASSWORD, clientName: 'Admin desk' });
    const created = await call<CreatedUser>('users.create', { token: admin.value.accessToken, body: { name: 'Leak Test', email: 'leak@world.test', role: 'agent' } }, false);
    const temporary = created.value.temporaryPassword;
    passwords.add(temporary);
    collectHashes();

    const first = await post('/auth/login', { email: 'leak@world.test', password: temporary });
    const wrongCurrent = 'this is not the password';
    passwords.add(wrongCurrent);
    await call('account.changePassword', { token: first.value.accessToken, body: { currentPassword: wrongCurrent, newPassword: 'a first chosen passphrase' } });
    const tooCommon = 'Password 1234';
    passwords.add(tooCommon);
    await call('account.changePassword', { token: first.value.accessToken, body: { currentPassword: temporary, newPassword: tooCommon } });
    const chosen = 'a first chosen passphrase';
    passwords.add(chosen);
    await call('account.changePassword', { token: first.value.accessToken, body: { currentPassword: temporary, newPassword: chosen } });
    collectHashes();

    const reset = await call<TemporaryPassword>('users.resetPassword', { token: admin.value.accessToken, id: created.value.user.id }, false);
    passwords.add(reset.value.temporaryPassword);
    collectHashes();
    const second = await post('/auth/login', { email: 'leak@world.test', password: reset.value.temporaryPassword, clientName: 'Agent desk' });
    const final = 'the second chosen passphrase';
    passwords.add(final);
    await call('account.changePassword', { token: second.value.accessToken, body: { currentPassword: reset.value.temporaryPassword, newPassword: final } });
    collectHashes();

    // Work as usual, sign out, and fail a sign-in.
    const client = new CacheClient(await w.client());
    await client.start(second.value.accessToken);
    expect((await client.push('createCase', newCaseArgs())).ok).toBe(true);
    await post('/auth/logout', { refreshToken: second.value.refreshToken });
    const wrongGuess = 'a wrong guess of a password';
    passwords.add(wrongGuess);
    await post('/auth/login', { email: 'leak@world.test', password: wrongGuess });
    await post('/auth/login', { email: 'nobody@world.test', password: wrongGuess });
    for (const name of ['users.list', 'sessions.list', 'signIns.list', 'audit.query', 'account.sessions'] as const) {
      await call(name, { token: admin.value.accessToken, body: name === 'audit.query' ? { limit: 500 } : {} });
    }
    expect(hashes.size).toBeGreaterThanOrEqual(4);

    const sqlite = new Database(dbFile, { readonly: true });
    const dump = (table: string) => JSON.stringify(sqlite.prepare(`SELECT * FROM ${table}`).all());
    const places: Record<string, string> = {
      logs: captured.lines.join('\n'),
      responses: bodies.join('\n'),
      change_log: dump('change_log'),
      mutation_results: dump('mutation_results'),
      sign_ins: dump('sign_ins'),
      sessions: dump('sessions'),
    };
    sqlite.close();
    expect(places.change_log).toContain('leak@world.test');
    expect(places.sign_ins).toContain('failure');
    const leaks: string[] = [];
    for (const [place, text] of Object.entries(places)) {
      for (const secret of passwords) if (text.includes(secret)) leaks.push(`${place} holds a password`);
      for (const hash of hashes) {
        // The whole stored string, and its derived-key part alone.
        if (text.includes(hash) || text.includes(hash.split('$').at(-1) ?? hash)) leaks.push(`${place} holds a password hash`);
      }
      if (/scrypt\$/.test(text)) leaks.push(`${place} holds something shaped like a password hash`);
    }
    expect(leaks).toEqual([]);
  }, 60_000);
});
