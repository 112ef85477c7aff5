import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SYNC_PROTOCOL_VERSION, clientMessageSchema, cursorSchema, entityNameSchema } from './protocol.js';
import { ENTITIES } from './entities.js';

const CASE_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

const hello = {
  type: 'hello',
  protocol: SYNC_PROTOCOL_VERSION,
  token: 'eyJhbGciOi.payload.sig',
  clientId: 'c0ffee00-1234-4abc-8def-0123456789ab',
  clientGroupId: 'group-0001',
  cursor: { epoch: 'e1', version: 0 },
};

function mutation(id: number) {
  return { id, name: 'updateCase', args: { id: CASE_ID, patch: { title: 'x' } }, baseVersions: { title: 3 }, createdAt: '2026-01-01T00:00:00.000Z' };
}

const accepts = (value: unknown) => clientMessageSchema.safeParse(value).success;

describe('clientMessageSchema', () => {
  it('accepts valid hello, auth, push and ping frames', () => {
    expect(accepts(hello)).toBe(true);
    expect(accepts({ ...hello, cursor: null })).toBe(true);
    expect(accepts({ type: 'auth', token: 'fresh-token' })).toBe(true);
    expect(accepts({ type: 'push', mutations: [mutation(1), mutation(2)] })).toBe(true);
    expect(accepts({ type: 'push', mutations: Array.from({ length: 500 }, (_, i) => mutation(i + 1)) })).toBe(true);
    expect(accepts({ type: 'ping' })).toBe(true);
    expect(accepts({ type: 'ping', ref: 17 })).toBe(true);
  });

  it('returns the parsed frame with its type', () => {
    const parsed = clientMessageSchema.parse({ type: 'push', mutations: [mutation(1)] });
    expect(parsed.type).toBe('push');
    if (parsed.type === 'push') expect(parsed.mutations[0]?.name).toBe('updateCase');
  });

  it('rejects unknown or missing frame types', () => {
    for (const value of [{ type: 'pong' }, { type: 'welcome' }, { ...hello, type: 'HELLO' }, {}, null, 'ping', [], { type: 'pull' }]) {
      expect(accepts(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('rejects a hello for another protocol version', () => {
    for (const protocol of [0, 2, SYNC_PROTOCOL_VERSION + 1, '1', null]) expect(accepts({ ...hello, protocol })).toBe(false);
    const { protocol: _protocol, ...withoutProtocol } = hello;
    expect(accepts(withoutProtocol)).toBe(false);
  });

  it('rejects empty and oversize push batches (more than 500 mutations)', () => {
    expect(accepts({ type: 'push', mutations: [] })).toBe(false);
    expect(accepts({ type: 'push', mutations: Array.from({ length: 501 }, (_, i) => mutation(i + 1)) })).toBe(false);
  });

  it('rejects malformed mutations in a push', () => {
    for (const bad of [
      { ...mutation(1), id: 0 },
      { ...mutation(1), id: 1.5 },
      { ...mutation(1), name: 'archiveEverything' },
      { ...mutation(1), baseVersions: { title: -1 } },
      { ...mutation(1), baseVersions: { ['x'.repeat(65)]: 1 } },
      { ...mutation(1), createdAt: 'x'.repeat(41) },
    ]) {
      expect(accepts({ type: 'push', mutations: [bad] }), JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it('rejects bad client ids (too short, too long, or with characters other than letters, digits and -)', () => {
    for (const clientId of ['', 'abc1234', 'x'.repeat(65), 'client_0001', 'client 0001', 'client/0001', 'clïent-0001', 12345678]) {
      expect(accepts({ ...hello, clientId }), String(clientId)).toBe(false);
      expect(accepts({ ...hello, clientGroupId: clientId }), String(clientId)).toBe(false);
    }
    expect(accepts({ ...hello, clientId: 'a'.repeat(8) })).toBe(true);
    expect(accepts({ ...hello, clientId: 'A-'.repeat(32) })).toBe(true);
  });

  it('accepts any client id of 8 to 64 letters, digits and dashes', () => {
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 8, maxLength: 64 }), (id) => {
        expect(accepts({ ...hello, clientId: id.join('') })).toBe(true);
      }),
    );
  });

  it('rejects empty or huge tokens and a non-integer ping ref', () => {
    expect(accepts({ ...hello, token: '' })).toBe(false);
    expect(accepts({ type: 'auth', token: '' })).toBe(false);
    expect(accepts({ type: 'auth', token: 't'.repeat(4097) })).toBe(false);
    expect(accepts({ type: 'ping', ref: 1.5 })).toBe(false);
    expect(accepts({ type: 'ping', ref: '1' })).toBe(false);
  });

  it('rejects a hello with a malformed cursor', () => {
    expect(accepts({ ...hello, cursor: { epoch: '', version: 0 } })).toBe(false);
    expect(accepts({ ...hello, cursor: { epoch: 'e1', version: -1 } })).toBe(false);
    expect(accepts({ ...hello, cursor: undefined })).toBe(false);
    expect(cursorSchema.safeParse({ epoch: 'e1', version: 5 }).success).toBe(true);
  });
});

describe('entityNameSchema', () => {
  it('accepts exactly the synced entities', () => {
    for (const entity of ENTITIES) expect(entityNameSchema.safeParse(entity).success).toBe(true);
    expect(entityNameSchema.safeParse('sessions').success).toBe(false);
  });
});
