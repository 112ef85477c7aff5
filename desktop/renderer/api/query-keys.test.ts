import { describe, it, expect } from 'vitest';
import { queryKeys, queryKeysToInvalidate } from './query-keys.js';

describe('queryKeysToInvalidate', () => {
  it('invalidates case queries when cases change', () => {
    expect(queryKeysToInvalidate(['cases'])).toEqual([['cases']]);
  });

  it('invalidates case and projector queries when the installed base changes, once each', () => {
    expect(queryKeysToInvalidate(['sites', 'customers', 'projectors'])).toEqual([['cases'], ['projectors']]);
  });

  it('refreshes case lists when users change, because rows show assignee names', () => {
    expect(queryKeysToInvalidate(['users'])).toEqual([['cases']]);
  });

  it('invalidates nothing for an empty event', () => {
    expect(queryKeysToInvalidate([])).toEqual([]);
  });

  it('keeps every case query under the cases root so one invalidation reaches lists and details', () => {
    expect(queryKeys.caseList({ search: 'x' })[0]).toBe('cases');
    expect(queryKeys.caseDetail('id')[0]).toBe('cases');
    expect(queryKeys.projectorSearch('AB')[0]).toBe('projectors');
  });
});
