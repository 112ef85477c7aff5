import { describe, it, expect } from 'vitest';
import { SHORTCUTS, isTextField, matchGlobalShortcut, type KeyPress } from './shortcuts.js';

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, inTextField: false, ...over });

describe('matchGlobalShortcut', () => {
  it('opens a new case with Ctrl+N or Cmd+N, even while typing', () => {
    expect(matchGlobalShortcut(press('n', { ctrlKey: true }))).toBe('new-case');
    expect(matchGlobalShortcut(press('N', { metaKey: true, inTextField: true }))).toBe('new-case');
    expect(matchGlobalShortcut(press('n', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });

  it('also opens a new case with Alt+N, which desktop Chrome leaves to the page', () => {
    expect(matchGlobalShortcut(press('n', { altKey: true }))).toBe('new-case');
    expect(matchGlobalShortcut(press('n', { altKey: true, ctrlKey: true }))).toBeNull();
  });

  it('treats / and ? as commands only outside text fields', () => {
    expect(matchGlobalShortcut(press('/'))).toBe('focus-search');
    expect(matchGlobalShortcut(press('?', { shiftKey: true }))).toBe('help');
    expect(matchGlobalShortcut(press('/', { inTextField: true }))).toBeNull();
    expect(matchGlobalShortcut(press('?', { inTextField: true }))).toBeNull();
  });

  it('opens Conflicts with Alt+C, by key or (outside text fields) by physical key', () => {
    expect(matchGlobalShortcut(press('c', { altKey: true }))).toBe('conflicts');
    expect(matchGlobalShortcut(press('C', { altKey: true, inTextField: true }))).toBe('conflicts');
    expect(matchGlobalShortcut(press('ç', { altKey: true, code: 'KeyC' }))).toBe('conflicts');
    expect(matchGlobalShortcut(press('ç', { altKey: true, code: 'KeyC', inTextField: true }))).toBeNull();
    expect(matchGlobalShortcut(press('c', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(matchGlobalShortcut(press('c'))).toBeNull();
  });

  it('lists the Conflicts shortcut in the help', () => {
    expect(SHORTCUTS.some((s) => s.keys === 'Alt+C' && /Conflicts/.test(s.action))).toBe(true);
  });

  it('ignores plain letters', () => {
    expect(matchGlobalShortcut(press('n'))).toBeNull();
  });
});

describe('isTextField', () => {
  it('recognises text inputs, text areas, selects and editable content', () => {
    expect(isTextField({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTextField({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextField({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });
  it('does not count buttons, checkboxes or the page itself', () => {
    expect(isTextField({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextField({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});
