import { describe, it, expect } from 'vitest';
import type { IntakeContext, IntakeMatch } from '../../../../shared/console-api.js';
import { SETTINGS } from '../../../../shared/settings.js';
import { caseSummary } from '../../testing/fixtures.js';
import {
  EMPTY_INTAKE,
  choosePriority,
  contextQuery,
  coverageDisplay,
  duplicateCases,
  duplicateNoteText,
  effectivePriority,
  guidanceSuggestion,
  intakeCaseFields,
  prefillContact,
  saveDecision,
} from './intake-model.js';

const ids = { projector: '0190a000-0000-7000-8000-00000000000a', site: '0190a000-0000-7000-8000-00000000000b', customer: '0190a000-0000-7000-8000-00000000000c' };

const context = (patch: Partial<IntakeContext> = {}): IntakeContext => ({
  projector: { id: ids.projector, serial: 'BRX-2201', model: 'DP4K-32B', manufacturer: 'Barco', installDate: '2022-05-01' },
  site: { id: ids.site, name: 'Odeon 3', address: '1 High St', region: 'North', accessNotes: 'Back door', contactName: 'Pat Site', contactPhone: '+44 1', contactEmail: 'pat@site.test' },
  customer: { id: ids.customer, name: 'Odeon', code: 'OD' },
  sites: [],
  warranty: null,
  contract: null,
  openCases: [],
  recentCases: [],
  ...patch,
});

describe('coverage status', () => {
  it('counts the days left, orange when ending soon, red once expired', () => {
    expect(coverageDisplay('warranty', { end: '2026-09-01', daysLeft: 120 })).toEqual({ text: 'Warranty: 120 days left (until 2026-09-01)', color: 'green', covered: true });
    expect(coverageDisplay('contract', { end: '2026-03-10', daysLeft: 1 })).toEqual({ text: 'Service contract: 1 day left (until 2026-03-10)', color: 'orange', covered: true });
    expect(coverageDisplay('warranty', { end: '2026-03-09', daysLeft: 0 })).toMatchObject({ text: 'Warranty ends today (2026-03-09)', color: 'orange' });
    expect(coverageDisplay('warranty', { end: '2025-03-01', daysLeft: -12 })).toEqual({ text: 'Warranty expired 12 days ago (2025-03-01)', color: 'red', covered: false });
  });
  it('says so when there is no date', () => {
    expect(coverageDisplay('contract', null)).toMatchObject({ text: 'No service contract', color: 'gray' });
    expect(coverageDisplay('warranty', null)).toMatchObject({ text: 'Warranty unknown' });
  });
});

describe('priority guidance', () => {
  const guidance = SETTINGS.priorityGuidance.defaultValue;
  it('suggests the matrix cell of the severity and business impact', () => {
    expect(guidanceSuggestion(guidance, 'critical', 'shows_stopped')).toBe('P1');
    expect(guidanceSuggestion(guidance, 'minor', 'shows_degraded')).toBe('P3');
    expect(guidanceSuggestion(guidance, 'low', 'no_show_affected')).toBe('P4');
  });
  it('keeps the suggestion until the agent overrides it, and picking the suggestion again follows it', () => {
    expect(effectivePriority({ priorityOverride: null }, 'P2')).toBe('P2');
    expect(effectivePriority({ priorityOverride: 'P1' }, 'P2')).toBe('P1');
    expect(choosePriority('P1', 'P2')).toBe('P1');
    expect(choosePriority('P2', 'P2')).toBeNull();
  });
});

describe('contact prefill', () => {
  it('fills the caller found by phone, never overwriting what was typed', () => {
    const match: IntakeMatch = { kind: 'contact', name: 'Chris Caller', phone: '+44 2', email: 'chris@x.test', siteIds: [], label: 'Chris Caller', detail: '' };
    expect(prefillContact(EMPTY_INTAKE, match, context())).toMatchObject({ contactName: 'Chris Caller', contactPhone: '+44 2', contactEmail: 'chris@x.test' });
    expect(prefillContact({ ...EMPTY_INTAKE, contactName: 'Typed' }, match, null).contactName).toBe('Typed');
  });
  it('falls back to the site contact for a projector or site', () => {
    const match: IntakeMatch = { kind: 'projector', projectorId: ids.projector, siteId: ids.site, customerId: ids.customer, label: 'BRX-2201', detail: '' };
    expect(prefillContact(EMPTY_INTAKE, match, context())).toMatchObject({ contactName: 'Pat Site', contactPhone: '+44 1', contactEmail: 'pat@site.test' });
    expect(prefillContact(EMPTY_INTAKE, match, null)).toBe(EMPTY_INTAKE);
  });
  it('asks the core for the context of each kind of match', () => {
    expect(contextQuery({ kind: 'site', siteId: ids.site, customerId: ids.customer, label: '', detail: '' })).toEqual({ siteId: ids.site });
    expect(contextQuery({ kind: 'contact', name: 'A', phone: '', email: 'a@b.test', siteIds: [], label: '', detail: '' })).toEqual({ email: 'a@b.test' });
  });
});

describe('the new case', () => {
  it('is a phone case linked to the projector, site and customer shown', () => {
    const fields = intakeCaseFields({ ...EMPTY_INTAKE, contactName: 'Pat', title: 'No image' }, context(), 'P2');
    expect(fields).toMatchObject({ serial: 'BRX-2201', projectorId: ids.projector, siteId: ids.site, customerId: ids.customer, channel: 'phone', priority: 'P2', title: 'No image' });
  });
  it('is unlinked when nothing was picked', () => {
    expect(intakeCaseFields(EMPTY_INTAKE, null, 'P3')).toMatchObject({ serial: '', projectorId: null, siteId: null, customerId: null });
  });
});

describe('duplicate guard', () => {
  const onProjector = caseSummary({ id: '0190a000-0000-7000-8000-000000000011', serial: 'brx 2201' });
  const atSite = caseSummary({ id: '0190a000-0000-7000-8000-000000000012', serial: 'OTHER-1' });
  it('counts open cases on the same projector, not others at the site', () => {
    expect(duplicateCases(context({ openCases: [onProjector, atSite] }))).toEqual([onProjector]);
    expect(duplicateCases(context({ projector: null, openCases: [atSite] }))).toEqual([]);
    expect(duplicateCases(null)).toEqual([]);
  });
  it("never saves before the picked projector's open cases could be shown", () => {
    expect(saveDecision(true, false, [])).toEqual({ kind: 'wait' });
    expect(saveDecision(true, true, [onProjector])).toEqual({ kind: 'create', duplicates: 1 });
    expect(saveDecision(false, false, [])).toEqual({ kind: 'create', duplicates: 0 });
  });
  it('writes the caller and what they said into the note on the existing case', () => {
    expect(duplicateNoteText({ contactName: 'Pat', contactPhone: '+44 1', title: 'Still dark', description: 'Lamp off again.' })).toBe('Phone call from Pat, +44 1.\n\nStill dark\n\nLamp off again.');
    expect(duplicateNoteText({ contactName: '', contactPhone: '', title: '', description: '' })).toBe('Phone call.');
  });
});
