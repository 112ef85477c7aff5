import { describe, it, expect } from 'vitest';
import { CONSOLE_API_ARGS, CONSOLE_API_METHODS, caseListQuerySchema, isConsoleApiMethod } from './console-api.js';
import { LIMITS } from './domain.js';

const CASE_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('CONSOLE_API_ARGS', () => {
  it('has an argument schema for every method', () => {
    expect(CONSOLE_API_METHODS.length).toBeGreaterThan(0);
    expect([...CONSOLE_API_METHODS].sort()).toEqual(Object.keys(CONSOLE_API_ARGS).sort());
    for (const method of CONSOLE_API_METHODS) {
      const schema = CONSOLE_API_ARGS[method];
      expect(typeof schema.safeParse, method).toBe('function');
    }
  });

  it('refuses extra keys on argument-less methods', () => {
    for (const method of ['session.get', 'session.logout', 'sync.status'] as const) {
      expect(CONSOLE_API_ARGS[method].safeParse({}).success).toBe(true);
      expect(CONSOLE_API_ARGS[method].safeParse({ admin: true }).success).toBe(false);
    }
  });

  it('validates the arguments of the case methods', () => {
    expect(CONSOLE_API_ARGS['cases.get'].safeParse({ id: CASE_ID }).success).toBe(true);
    expect(CONSOLE_API_ARGS['cases.get'].safeParse({ id: '1' }).success).toBe(false);
    expect(CONSOLE_API_ARGS['cases.update'].safeParse({ id: CASE_ID, patch: { title: 'x' } }).success).toBe(true);
    expect(CONSOLE_API_ARGS['cases.update'].safeParse({ id: CASE_ID, patch: {} }).success).toBe(false);
    expect(CONSOLE_API_ARGS['session.login'].safeParse({ email: 'a@b.co', password: 'pw', remember: true }).success).toBe(false);
    expect(CONSOLE_API_ARGS['projectors.search'].safeParse({ query: 'EB', limit: 51 }).success).toBe(false);
    expect(CONSOLE_API_ARGS['projectors.search'].safeParse({ query: 'EB', limit: 10 }).success).toBe(true);
  });
});

describe('isConsoleApiMethod', () => {
  it('accepts every declared method', () => {
    for (const method of CONSOLE_API_METHODS) expect(isConsoleApiMethod(method)).toBe(true);
  });

  it('rejects inherited object properties, unknown names and non-strings', () => {
    for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf', '', 'cases', 'cases.purge', 'CASES.GET', ' cases.get']) {
      expect(isConsoleApiMethod(name), name).toBe(false);
    }
    for (const name of [null, undefined, 42, {}, ['cases.get'], Symbol('cases.get'), { toString: () => 'cases.get' }]) {
      expect(isConsoleApiMethod(name)).toBe(false);
    }
  });
});

describe('caseListQuerySchema', () => {
  it('accepts an empty query and a full one', () => {
    expect(caseListQuerySchema.parse({})).toEqual({});
    const full = { statuses: ['new', 'assigned'], priorities: ['P1'], search: 'lamp' };
    expect(caseListQuerySchema.parse(full)).toEqual(full);
  });

  it('rejects unknown keys, such as a misspelt filter', () => {
    expect(caseListQuerySchema.safeParse({ status: ['new'] }).success).toBe(false);
    expect(caseListQuerySchema.safeParse({ search: 'x', orderBy: 'id; DROP TABLE cases' }).success).toBe(false);
  });

  it('rejects unknown statuses or priorities and an overlong search', () => {
    expect(caseListQuerySchema.safeParse({ statuses: ['open'] }).success).toBe(false);
    expect(caseListQuerySchema.safeParse({ priorities: ['P0'] }).success).toBe(false);
    expect(caseListQuerySchema.safeParse({ search: 'x'.repeat(LIMITS.search) }).success).toBe(true);
    expect(caseListQuerySchema.safeParse({ search: 'x'.repeat(LIMITS.search + 1) }).success).toBe(false);
  });
});
