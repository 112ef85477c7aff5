// Unit tests of the mail building blocks that need no server: the password key, the file store,
// the automatic-mail filter, HTML to text and the backoff.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../testing/temp-dir.js';
import { backoffDelay } from './backoff.js';
import { FileChecksumError, fileStorePath, putFile, readFile } from './file-store.js';
import { htmlToText } from './html-text.js';
import { automaticReason } from './mail-filter.js';
import { decryptSecret, encryptSecret, resolveMailKey } from './mail-key.js';
import { caseSubject } from './outgoing.js';

let dirs: string[] = [];
const tempDir = () => {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  dirs.forEach(removeTempDir);
  dirs = [];
});

describe('mail key', () => {
  it('is created once with mode 0600 and seals passwords that only it opens', () => {
    const dir = tempDir();
    const key = resolveMailKey(dir);
    expect(fs.statSync(path.join(dir, 'mail-key')).mode & 0o777).toBe(0o600);
    expect(resolveMailKey(dir).equals(key)).toBe(true);
    const sealed = encryptSecret(key, 'hunter2-imap');
    expect(sealed).not.toContain('hunter2');
    expect(encryptSecret(key, 'hunter2-imap')).not.toBe(sealed);
    expect(decryptSecret(key, sealed)).toBe('hunter2-imap');
    expect(() => decryptSecret(resolveMailKey(tempDir()), sealed)).toThrow(/cannot be decrypted/);
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(key, parts.join(':'))).toThrow();
  });
});

describe('file store', () => {
  it('stores by content and refuses to serve a damaged file', () => {
    const dir = tempDir();
    const sha = putFile(dir, Buffer.from('projector photo'));
    expect(putFile(dir, Buffer.from('projector photo'))).toBe(sha);
    expect(readFile(dir, sha)?.toString()).toBe('projector photo');
    fs.writeFileSync(fileStorePath(dir, sha), 'changed');
    expect(() => readFile(dir, sha)).toThrow(FileChecksumError);
    expect(readFile(dir, 'a'.repeat(64))).toBeNull();
  });
});

describe('automatic mail', () => {
  const check = (headers: Record<string, string>, from = 'robin@example.com') =>
    automaticReason({ headerLines: Object.entries(headers).map(([key, value]) => ({ key: key.toLowerCase(), line: `${key}: ${value}` })), from, ownAddresses: ['support@lamphouse.test'] });
  it('lets a person’s mail through and stops auto-replies, lists, bounces and loops', () => {
    expect(check({ 'Auto-Submitted': 'no' })).toBeNull();
    expect(check({})).toBeNull();
    expect(check({ 'Auto-Submitted': 'auto-replied' })).toMatch(/Auto-Submitted/);
    expect(check({ Precedence: 'list' })).toMatch(/Precedence/);
    expect(check({ 'X-Autoreply': 'yes' })).toMatch(/x-autoreply/);
    expect(check({ 'Return-Path': '<>' })).toMatch(/bounce/);
    expect(check({}, 'mailer-daemon@example.com')).toMatch(/automatic sender/);
    expect(check({}, 'postmaster@example.com')).toMatch(/automatic sender/);
    expect(check({}, 'support@lamphouse.test')).toMatch(/loop/);
  });
});

describe('html to text', () => {
  it('keeps the words and drops every tag, script and style', () => {
    const text = htmlToText('<div>Line <i>one</i><br>two</div><script>evil()</script><style>a{}</style><p>&lt;b&gt; &amp; more</p>');
    expect(text).toBe('Line one\ntwo\n<b> & more');
  });
});

describe('outgoing subject and backoff', () => {
  it('carries the case number once, with one Re:', () => {
    expect(caseSubject('Lamp dead', 'DTR-2026-000001')).toBe('Re: Lamp dead [DTR-2026-000001]');
    expect(caseSubject('Re: Lamp dead [DTR-2026-000001]', 'DTR-2026-000001')).toBe('Re: Lamp dead [DTR-2026-000001]');
  });
  it('grows exponentially, capped, with jitter between half and all of it', () => {
    const policy = { baseMs: 1000, maxMs: 8000 };
    expect(backoffDelay(policy, 1, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 3, () => 1)).toBe(4000);
    expect(backoffDelay(policy, 10, () => 1)).toBe(8000);
    expect(backoffDelay(policy, 10, () => 0)).toBe(4000);
  });
});
