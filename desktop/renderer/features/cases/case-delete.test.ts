import { describe, it, expect } from 'vitest';
import { AppError } from '../../../../shared/errors.js';
import { CASE_GONE_TEXT, caseDeletedMessage, deleteArgs, deleteConfirmText, detailPanelState } from './case-delete.js';

const ID = '0190a000-0000-7000-8000-000000000001';

describe('delete wording', () => {
  it('says the case goes for everyone and cannot be undone', () => {
    expect(deleteConfirmText('DTR-2026-000004 · Lamp flickers')).toBe(
      'DTR-2026-000004 · Lamp flickers will be removed for everyone, on every console, together with its open conflicts. This cannot be undone.',
    );
  });
  it('says when the hub will learn of a delete made offline', () => {
    expect(caseDeletedMessage('DTR-1 · X', 'online')).toBe('DTR-1 · X was deleted.');
    expect(caseDeletedMessage('DTR-1 · X', 'offline')).toBe('DTR-1 · X was deleted on this computer. The hub removes it for everyone when this console is back online.');
  });
  it('matches the panel text the brief asks for', () => {
    expect(CASE_GONE_TEXT).toBe('This case is no longer available to you (deleted or reassigned).');
  });
});

describe('deleteArgs', () => {
  it('sends a trimmed reason, or none', () => {
    expect(deleteArgs(ID, '  duplicate of DTR-3 ')).toEqual({ id: ID, reason: 'duplicate of DTR-3' });
    expect(deleteArgs(ID, '   ')).toEqual({ id: ID });
    expect(deleteArgs(ID, 'x'.repeat(600)).reason).toHaveLength(500);
  });
});

describe('detailPanelState', () => {
  const base = { open: true, isPending: false, error: null, hasData: false, wasShown: false, deleting: false };
  it('shows a case while it is there', () => {
    expect(detailPanelState({ ...base, hasData: true, wasShown: true })).toBe('shown');
    expect(detailPanelState({ ...base, open: false })).toBe('closed');
    expect(detailPanelState({ ...base, isPending: true })).toBe('loading');
  });
  it('says a case that vanished while open is no longer available, not that it was never found', () => {
    expect(detailPanelState({ ...base, wasShown: true })).toBe('gone');
    expect(detailPanelState({ ...base })).toBe('not-found');
    expect(detailPanelState({ ...base, wasShown: true, error: new AppError('NOT_FOUND', 'This case was deleted by Maria.') })).toBe('gone');
  });
  it('keeps other errors as errors, and a delete in progress as such', () => {
    expect(detailPanelState({ ...base, error: new AppError('UNAVAILABLE', 'x') })).toBe('error');
    expect(detailPanelState({ ...base, deleting: true, wasShown: true })).toBe('deleting');
  });
});
