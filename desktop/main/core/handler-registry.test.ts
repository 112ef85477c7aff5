import { describe, expect, it } from 'vitest';
import { BugIndicatingError } from '../../../shared/errors.js';
import { createHandlerRegistry } from './handler-registry.js';
import { silentLogger, type Logger } from './logger.js';

describe('handler registry', () => {
  it('throws at start-up when a method is registered twice or left out', () => {
    const registry = createHandlerRegistry(silentLogger);
    registry.register('sync.status', async () => ({ connection: 'offline', pending: 0, lastSyncAt: null, bootstrap: null, lastError: null }));
    expect(() => registry.register('sync.status', async () => ({ connection: 'offline', pending: 0, lastSyncAt: null, bootstrap: null, lastError: null }))).toThrow(BugIndicatingError);
    expect(() => registry.assertComplete()).toThrow(/missing: session.get/);
  });

  it('rejects unknown methods and invalid arguments with VALIDATION and field details', async () => {
    const seen: unknown[] = [];
    const registry = createHandlerRegistry(silentLogger);
    registry.register('cases.get', async (arg) => {
      seen.push(arg);
      return null;
    });
    expect(await registry.handle(1, 'cases.explode', {})).toMatchObject({ kind: 'reply', id: 1, ok: false, error: { code: 'VALIDATION' } });
    expect(await registry.handle(2, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await registry.handle(3, 'cases.get', { id: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { fields: { id: 'Must be a valid id.' } } } });
    expect(await registry.handle(4, 'cases.get', { id: '01900000-0000-7000-8000-000000000001', extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(seen).toEqual([]);
    expect(await registry.handle(5, 'cases.get', { id: '01900000-0000-7000-8000-000000000001' })).toEqual({ kind: 'reply', id: 5, ok: true, value: null });
  });

  it('turns unexpected errors into INTERNAL without leaking them, and logs the stack', async () => {
    const logged: unknown[] = [];
    const logger: Logger = { ...silentLogger, error: (_message, error) => logged.push(error) };
    const registry = createHandlerRegistry(logger);
    registry.register('cases.get', async () => {
      throw new Error('SQLITE_CORRUPT at /secret/path');
    });
    const reply = await registry.handle(7, 'cases.get', { id: '01900000-0000-7000-8000-000000000001' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('secret');
    expect(logged).toHaveLength(1);
  });
});
