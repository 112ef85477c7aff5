import { describe, it, expect } from 'vitest';
import { HUB_ROUTES, auditQuerySchema, createUserRequestSchema, routePath, updateUserRequestSchema, type HubRouteName } from './admin.js';
import { ACTIONS } from './permissions.js';

describe('HUB_ROUTES', () => {
  it('gives every route a known access rule and a unique method + path', () => {
    const seen = new Set<string>();
    for (const [name, route] of Object.entries(HUB_ROUTES)) {
      expect(['public', 'signed-in', ...ACTIONS], name).toContain(route.access);
      const key = `${route.method} ${route.path}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it('only account routes answer before a temporary password is changed', () => {
    const early = Object.entries(HUB_ROUTES)
      .filter(([, r]) => 'beforePasswordChange' in r)
      .map(([n]) => n);
    expect(early.every((n) => n.startsWith('account.'))).toBe(true);
  });

  it('routePath fills the id and refuses to build a path without one', () => {
    expect(routePath('users.update', 'abc')).toBe('/admin/users/abc');
    expect(routePath('users.list')).toBe('/admin/users');
    expect(() => routePath('sessions.revoke' as HubRouteName)).toThrow(/needs an id/);
  });
});

describe('createUserRequestSchema', () => {
  const base = { name: 'Ana Silva', email: 'ana@example.com', role: 'agent' as const };

  it('accepts an agent with defaults for the optional fields', () => {
    expect(createUserRequestSchema.parse(base)).toEqual({ ...base, phone: '', regions: [], engineer: null });
  });

  it('an engineer needs a profile and a region; others may not have a profile', () => {
    expect(createUserRequestSchema.safeParse({ ...base, role: 'fse', regions: ['North'] }).error?.issues[0]?.path).toEqual(['engineer']);
    expect(createUserRequestSchema.safeParse({ ...base, role: 'fse', engineer: { skills: ['X1'], dailyCapacity: 4 } }).error?.issues[0]?.path).toEqual(['regions']);
    expect(createUserRequestSchema.safeParse({ ...base, role: 'fse', regions: ['North'], engineer: { skills: ['X1'], dailyCapacity: 4 } }).success).toBe(true);
    expect(createUserRequestSchema.safeParse({ ...base, engineer: { skills: [], dailyCapacity: 4 } }).error?.issues[0]?.path).toEqual(['engineer']);
  });

  it('a manager needs a region; duplicate regions collapse', () => {
    expect(createUserRequestSchema.safeParse({ ...base, role: 'manager' }).success).toBe(false);
    expect(createUserRequestSchema.parse({ ...base, role: 'manager', regions: ['North', 'North'] }).regions).toEqual(['North']);
  });

  it('refuses a bad email, an empty name and unknown fields', () => {
    expect(createUserRequestSchema.safeParse({ ...base, email: 'not-an-email' }).success).toBe(false);
    expect(createUserRequestSchema.safeParse({ ...base, name: '  ' }).success).toBe(false);
    expect(createUserRequestSchema.safeParse({ ...base, password: 'x' }).success).toBe(false);
  });
});

describe('updateUserRequestSchema', () => {
  it('needs at least one field', () => {
    expect(updateUserRequestSchema.safeParse({}).success).toBe(false);
    expect(updateUserRequestSchema.safeParse({ role: 'manager' }).success).toBe(true);
  });
});

describe('auditQuerySchema', () => {
  it('defaults the page size and checks the date range order', () => {
    expect(auditQuerySchema.parse({}).limit).toBe(100);
    expect(auditQuerySchema.safeParse({ from: '2026-02-01', to: '2026-01-01' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: 'yesterday' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ entity: 'users', action: 'delete', limit: 500 }).success).toBe(true);
    expect(auditQuerySchema.safeParse({ limit: 501 }).success).toBe(false);
  });
});
