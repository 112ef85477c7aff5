import { describe, it, expect } from 'vitest';
import { USER_QUERY_ROOTS, queryKeys, queryKeysToInvalidate } from './query-keys.js';

describe('queryKeysToInvalidate', () => {
  it('invalidates case queries, and conflicts that show case labels, when cases change', () => {
    expect(queryKeysToInvalidate(['cases'])).toEqual([['cases'], ['conflicts']]);
  });

  it('invalidates case and projector queries when the installed base changes, once each', () => {
    expect(queryKeysToInvalidate(['sites', 'customers', 'projectors'])).toEqual([['cases'], ['projectors']]);
  });

  it('refreshes case lists and conflicts when users change, because both show names', () => {
    expect(queryKeysToInvalidate(['users'])).toEqual([['cases'], ['conflicts']]);
  });

  it('refreshes only conflict queries when conflicts change', () => {
    expect(queryKeysToInvalidate(['conflicts'])).toEqual([['conflicts']]);
  });

  it('invalidates nothing for an empty event', () => {
    expect(queryKeysToInvalidate([])).toEqual([]);
  });

  it('keeps every case query under the cases root so one invalidation reaches lists and details', () => {
    expect(queryKeys.caseList({ search: 'x' })[0]).toBe('cases');
    expect(queryKeys.caseDetail('id')[0]).toBe('cases');
    expect(queryKeys.projectorSearch('AB')[0]).toBe('projectors');
    expect(queryKeys.conflictList(true)[0]).toBe('conflicts');
  });

  it('drops conflicts with the rest of a user\'s data on sign-out', () => {
    expect(USER_QUERY_ROOTS.map((k) => k[0])).toEqual(['cases', 'projectors', 'conflicts']);
  });
});
