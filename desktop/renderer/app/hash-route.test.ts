import { describe, it, expect } from 'vitest';
import { SCREEN_HASHES, parseHash, routeHash, type ScreenName } from './hash-route.js';

describe('hash routes', () => {
  const id = '0190a000-0000-7000-8000-000000000001';
  it('round-trips a case route', () => {
    expect(parseHash(routeHash({ name: 'case', id }))).toEqual({ name: 'case', id });
  });
  it('round-trips the conflicts route', () => {
    expect(routeHash({ name: 'conflicts' })).toBe('#/conflicts');
    expect(parseHash('#/conflicts')).toEqual({ name: 'conflicts' });
  });
  it('gives the admin screens and the account their own addresses', () => {
    expect(routeHash({ name: 'people' })).toBe('#/admin/people');
    expect(routeHash({ name: 'sessions' })).toBe('#/admin/sessions');
    expect(routeHash({ name: 'sign-ins' })).toBe('#/admin/sign-ins');
    expect(routeHash({ name: 'audit' })).toBe('#/admin/audit');
    expect(routeHash({ name: 'settings' })).toBe('#/admin/settings');
    expect(routeHash({ name: 'account' })).toBe('#/account');
    expect(routeHash({ name: 'mailboxes' })).toBe('#/admin/mailboxes');
  });
  it('gives the assignment board its own address', () => {
    expect(routeHash({ name: 'board' })).toBe('#/board');
    expect(parseHash('#/board')).toEqual({ name: 'board' });
  });
  it('gives the installed base and the import their own addresses', () => {
    expect(routeHash({ name: 'projectors' })).toBe('#/projectors');
    expect(routeHash({ name: 'sites' })).toBe('#/sites');
    expect(routeHash({ name: 'import' })).toBe('#/import');
    expect(parseHash('#/import')).toEqual({ name: 'import' });
    expect(parseHash('#/sites')).toEqual({ name: 'sites' });
  });
  it('gives the phone intake its own address', () => {
    expect(routeHash({ name: 'intake' })).toBe('#/intake');
    expect(parseHash('#/intake')).toEqual({ name: 'intake' });
    expect(parseHash('#/admin/mailboxes')).toEqual({ name: 'mailboxes' });
    expect(parseHash('#/intake/extra')).toEqual({ name: 'cases' });
  });
  it('gives visits, the calendar, reviews and service reports their addresses', () => {
    expect(routeHash({ name: 'visits' })).toBe('#/visits');
    expect(routeHash({ name: 'calendar' })).toBe('#/calendar');
    expect(routeHash({ name: 'reviews' })).toBe('#/reviews');
    expect(parseHash(routeHash({ name: 'report', id }))).toEqual({ name: 'report', id });
    expect(routeHash({ name: 'report', id })).toBe(`#/report/${id}`);
    const visitId = '0190a000-0000-7000-8000-000000000002';
    expect(routeHash({ name: 'new-report', caseId: id, visitId })).toBe(`#/report/new?case=${id}&visit=${visitId}`);
    expect(parseHash(`#/report/new?case=${id}&visit=${visitId}`)).toEqual({ name: 'new-report', caseId: id, visitId });
    expect(parseHash(`#/report/new?case=${id}`)).toEqual({ name: 'new-report', caseId: id, visitId: null });
    expect(parseHash(`#/report/new?visit=${visitId}&case=${id.toUpperCase()}`)).toEqual({ name: 'new-report', caseId: id, visitId });
    expect(parseHash('#/report/new?case=nope')).toEqual({ name: 'cases' });
    expect(parseHash(`#/report/new?case=${id}&visit=bad`)).toEqual({ name: 'new-report', caseId: id, visitId: null });
    expect(parseHash('#/report/123')).toEqual({ name: 'cases' });
  });
  it('round-trips every screen', () => {
    for (const name of Object.keys(SCREEN_HASHES) as ScreenName[]) expect(parseHash(routeHash({ name }))).toEqual({ name });
  });
  it('falls back to the list for anything else', () => {
    expect(parseHash('')).toEqual({ name: 'cases' });
    expect(parseHash('#/cases')).toEqual({ name: 'cases' });
    expect(parseHash('#/cases/not-an-id')).toEqual({ name: 'cases' });
    expect(parseHash(`#/cases/${id}/extra`)).toEqual({ name: 'cases' });
    expect(parseHash('#/conflicts/extra')).toEqual({ name: 'cases' });
    expect(parseHash('#/admin')).toEqual({ name: 'cases' });
    expect(parseHash('#/admin/people/extra')).toEqual({ name: 'cases' });
    expect(parseHash('#/ADMIN/PEOPLE')).toEqual({ name: 'cases' });
  });
});
