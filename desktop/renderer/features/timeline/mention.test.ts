import { describe, it, expect } from 'vitest';
import { insertMention, mentionCandidates, mentionHandle, mentionedIds } from './mention.js';

const users = [
  { id: 'u1', name: 'Sam Field', active: true },
  { id: 'u2', name: 'Sasha Desk', active: true },
  { id: 'u3', name: 'Old Timer', active: false },
  { id: 'u4', name: 'Me Myself', active: true },
];

describe('mention handles', () => {
  it('turns a name into one token', () => {
    expect(mentionHandle('Sam Field')).toBe('Sam.Field');
    expect(mentionHandle(" Zoë  O'Brien ")).toBe('Zoë.OBrien');
  });
});

describe('mention candidates', () => {
  it('offers active people by the start of a name part, never oneself', () => {
    expect(mentionCandidates(users, 'sa', 'u4').map((u) => u.id)).toEqual(['u1', 'u2']);
    expect(mentionCandidates(users, 'field', null).map((u) => u.id)).toEqual(['u1']);
    expect(mentionCandidates(users, 'old', null)).toEqual([]);
    expect(mentionCandidates(users, '', 'u4').map((u) => u.id)).toEqual(['u1', 'u2']);
  });
});

describe('inserting a mention', () => {
  it('replaces the typed query before the caret and moves the caret past the token', () => {
    const text = 'Ask @sa about it';
    const caret = 'Ask @sa'.length;
    expect(insertMention(text, caret, 'Sam Field')).toEqual({ text: 'Ask @Sam.Field about it', caret: 'Ask @Sam.Field '.length });
  });
  it('works at the very start and leaves text without an @ query alone', () => {
    expect(insertMention('@', 1, 'Sasha Desk')).toEqual({ text: '@Sasha.Desk ', caret: 12 });
    expect(insertMention('email a@b', 9, 'Sam Field')).toEqual({ text: 'email a@b', caret: 9 });
  });
});

describe('who a note mentions', () => {
  it('finds whole handles only, once each', () => {
    expect(mentionedIds('@Sam.Field please check, cc @sasha.desk. Thanks @Sam.Field', users)).toEqual(['u1', 'u2']);
    expect(mentionedIds('mail sam@Sam.Field.example', users)).toEqual([]);
    expect(mentionedIds('@Sam.Fieldwork', users)).toEqual([]);
    expect(mentionedIds('no mentions', users)).toEqual([]);
  });
});
