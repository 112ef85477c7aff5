import { describe, it, expect } from 'vitest';
import { USER_QUERY_ROOTS, queryKeys, queryKeysToInvalidate } from './query-keys.js';

describe('queryKeysToInvalidate', () => {
  it('invalidates case queries, and conflicts that show case labels, when cases change', () => {
    expect(queryKeysToInvalidate(['cases'])).toEqual([['cases'], ['conflicts'], ['notifications'], ['intake'], ['visits'], ['reports']]);
  });

  it('invalidates case and projector queries when the installed base changes, once each', () => {
    expect(queryKeysToInvalidate(['sites', 'customers', 'projectors'])).toEqual([['cases'], ['projectors'], ['intake'], ['visits'], ['reports']]);
  });

  it('refreshes case lists, conflicts and admin lists when users change, because all show names', () => {
    expect(queryKeysToInvalidate(['users'])).toEqual([['cases'], ['conflicts'], ['admin'], ['timeline'], ['notifications'], ['users'], ['visits'], ['reports']]);
  });

  it('refreshes settings, and case lists whose SLA clocks the settings drive, when settings change', () => {
    expect(queryKeysToInvalidate(['settings'])).toEqual([['settings'], ['cases'], ['visits']]);
  });

  it('refreshes timelines on case events and the notification centre on notifications', () => {
    expect(queryKeysToInvalidate(['caseEvents'])).toEqual([['timeline']]);
    expect(queryKeysToInvalidate(['notifications'])).toEqual([['notifications']]);
  });

  it('refreshes reports and visits together when reports, photos, visits or parts change', () => {
    expect(queryKeysToInvalidate(['serviceReports'])).toEqual([['reports'], ['visits']]);
    expect(queryKeysToInvalidate(['reportPhotos'])).toEqual([['reports']]);
    expect(queryKeysToInvalidate(['visits'])).toEqual([['visits'], ['reports']]);
    expect(queryKeysToInvalidate(['parts'])).toEqual([['parts']]);
    expect(queryKeys.reportDetail('id')[0]).toBe('reports');
    expect(queryKeys.uploads[0]).toBe('reports');
    expect(queryKeys.calendar({})[0]).toBe('visits');
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
    expect(queryKeys.caseTimeline('id')[0]).toBe('timeline');
    expect(queryKeys.intakeSearch('x')[0]).toBe('intake');
    expect(queryKeys.adminMailboxes[0]).toBe('admin');
  });

  it('drops conflicts, admin lists, the audit log, settings and account data on sign-out', () => {
    expect(USER_QUERY_ROOTS.map((k) => k[0])).toEqual(['cases', 'projectors', 'conflicts', 'admin', 'audit', 'settings', 'account', 'timeline', 'notifications', 'intake', 'users', 'presence', 'parts', 'visits', 'reports']);
  });

  it('keeps admin and account queries under their roots', () => {
    expect(queryKeys.adminUsers(true)[0]).toBe('admin');
    expect(queryKeys.adminSessions(false)[0]).toBe('admin');
    expect(queryKeys.auditPages({ entity: 'cases' })[0]).toBe('audit');
    expect(queryKeys.accountSessions[0]).toBe('account');
  });
});
