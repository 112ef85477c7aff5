import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { deleteSession, loadSession, saveSession, sessionFile } from './session-store.js';
import { ensureClientGroupId } from './install-identity.js';
import { AGENT, tempDataDir } from './testing/fixtures.js';

describe('saved session', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is written with mode 0600, read back, replaced atomically and deleted', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    saveSession(dir, { hubUrl: 'http://hub', refreshToken: 'r-1', user: AGENT, mustChangePassword: true });
    expect(loadSession(dir)?.mustChangePassword).toBe(true);
    expect(fs.statSync(sessionFile(dir)).mode & 0o777).toBe(0o600);
    saveSession(dir, { hubUrl: 'http://hub', refreshToken: 'r-2', user: AGENT, mustChangePassword: false });
    expect(fs.statSync(sessionFile(dir)).mode & 0o777).toBe(0o600);
    expect(loadSession(dir)).toEqual({ hubUrl: 'http://hub', refreshToken: 'r-2', user: AGENT, mustChangePassword: false });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    deleteSession(dir);
    expect(loadSession(dir)).toBeNull();
  });

  it('reads a file saved before mustChangePassword existed as not having to change it', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    fs.writeFileSync(sessionFile(dir), JSON.stringify({ hubUrl: 'http://hub', refreshToken: 'r-1', user: AGENT }));
    expect(loadSession(dir)).toEqual({ hubUrl: 'http://hub', refreshToken: 'r-1', user: AGENT, mustChangePassword: false });
  });

  it('treats a corrupt file as signed out', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    fs.writeFileSync(sessionFile(dir), '{"hubUrl": ');
    expect(loadSession(dir)).toBeNull();
  });

  it('keeps one clientGroupId per install', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const id = ensureClientGroupId(dir);
    expect(ensureClientGroupId(dir)).toBe(id);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
