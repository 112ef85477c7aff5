import { describe, it, expect } from 'vitest';
import type { MailboxView } from '../../../../shared/mail.js';
import { NEW_MAILBOX, checkCreate, checkPatch, formToPatch, mailboxStateDisplay, mailboxToForm, passwordPlaceholder } from './mailbox-form.js';

const view: MailboxView = {
  id: '0190a000-0000-7000-8000-000000000001',
  name: 'Support',
  address: 'support@lamphouse.test',
  imap: { host: 'imap.test', port: 993, security: 'tls', user: 'support', hasPassword: true },
  smtp: { host: 'smtp.test', port: 587, security: 'starttls', user: 'support', hasPassword: true },
  folder: 'INBOX',
  enabled: true,
  state: 'idle',
  lastError: null,
  lastCheckedAt: null,
  retryAt: null,
  handled: 3,
};

const filled = {
  ...NEW_MAILBOX,
  name: 'Support',
  address: 'support@lamphouse.test',
  imap: { ...NEW_MAILBOX.imap, host: 'imap.test', user: 'support', password: 'i-secret' },
  smtp: { ...NEW_MAILBOX.smtp, host: 'smtp.test', user: 'support', password: 's-secret' },
};

describe('mailbox form', () => {
  it('never shows a stored password: fields start empty with "unchanged" as the hint', () => {
    const form = mailboxToForm(view);
    expect(form.imap.password).toBe('');
    expect(form.smtp.password).toBe('');
    expect(passwordPlaceholder(true)).toBe('unchanged');
    expect(passwordPlaceholder(false)).toBe('');
  });

  it('creates with both passwords and numeric ports', () => {
    const check = checkCreate(filled);
    expect(check.ok && check.value.imap).toEqual({ host: 'imap.test', port: 993, security: 'tls', user: 'support', password: 'i-secret' });
  });

  it('refuses a new mailbox without passwords, and a port out of range', () => {
    expect(checkCreate({ ...filled, smtp: { ...filled.smtp, password: '' } })).toEqual({ ok: false, errors: { 'smtp.password': 'Enter the password.' } });
    const bad = checkCreate({ ...filled, imap: { ...filled.imap, port: '70000' } });
    expect(bad.ok ? null : bad.errors['imap.port']).toBe('Ports end at 65535.');
  });

  it('patches only what changed, sending a password only when one was typed', () => {
    const form = mailboxToForm(view);
    expect(formToPatch(view, form)).toBeNull();
    expect(formToPatch(view, { ...form, imap: { ...form.imap, port: '143', security: 'starttls' } })).toEqual({ imap: { port: 143, security: 'starttls' } });
    expect(formToPatch(view, { ...form, smtp: { ...form.smtp, password: 'new' }, enabled: false })).toEqual({ enabled: false, smtp: { password: 'new' } });
    expect(checkPatch(view, form)).toBeNull();
    const bad = checkPatch(view, { ...form, address: 'not-an-address' });
    expect(bad && !bad.ok && bad.errors.address).toBeTruthy();
  });

  it('labels every state', () => {
    expect(mailboxStateDisplay('error')).toEqual({ label: 'Error', color: 'red' });
    expect(mailboxStateDisplay('idle').color).toBe('green');
    expect(mailboxStateDisplay('disabled').label).toBe('Disabled');
  });
});
