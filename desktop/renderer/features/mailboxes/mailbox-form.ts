// The mailbox form: values as typed, turned into the hub's create input or a patch of only what
// changed. Passwords are write-only: the form starts them empty ("unchanged" when one is stored)
// and sends one only when typed. State badges for the list live here too.
import { MAIL_SECURITY, mailboxInputSchema, mailboxPatchSchema, type MailboxInput, type MailboxPatch, type MailboxState, type MailboxView, type MailSecurity } from '../../../../shared/mail.js';
import { validationError } from '../../../../shared/errors.js';

export type ServerValues = Readonly<{ host: string; port: string; security: MailSecurity; user: string; password: string }>;
export type MailboxFormValues = Readonly<{ name: string; address: string; imap: ServerValues; smtp: ServerValues; folder: string; enabled: boolean }>;

export const SECURITY_OPTIONS = MAIL_SECURITY.map((value) => ({ value, label: value === 'tls' ? 'TLS' : value === 'starttls' ? 'STARTTLS' : 'None (plain)' }));

export const NEW_MAILBOX: MailboxFormValues = {
  name: '',
  address: '',
  imap: { host: '', port: '993', security: 'tls', user: '', password: '' },
  smtp: { host: '', port: '587', security: 'starttls', user: '', password: '' },
  folder: 'INBOX',
  enabled: true,
};

export function mailboxToForm(view: MailboxView): MailboxFormValues {
  const server = (s: MailboxView['imap']): ServerValues => ({ host: s.host, port: String(s.port), security: s.security, user: s.user, password: '' });
  return { name: view.name, address: view.address, imap: server(view.imap), smtp: server(view.smtp), folder: view.folder, enabled: view.enabled };
}

/** The placeholder of a password field: a stored password stays unless a new one is typed. */
export function passwordPlaceholder(hasPassword: boolean): string {
  return hasPassword ? 'unchanged' : '';
}

const port = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

function serverInput(values: ServerValues) {
  return { host: values.host, port: port(values.port), security: values.security, user: values.user, ...(values.password ? { password: values.password } : {}) };
}

export function formToInput(values: MailboxFormValues): MailboxInput {
  return { name: values.name, address: values.address, imap: serverInput(values.imap), smtp: serverInput(values.smtp), folder: values.folder, enabled: values.enabled };
}

/** Only the fields that differ from the stored mailbox (and passwords that were typed); null when nothing changed. */
export function formToPatch(view: MailboxView, values: MailboxFormValues): MailboxPatch | null {
  const before = mailboxToForm(view);
  const patch: Record<string, unknown> = {};
  if (values.name !== before.name) patch.name = values.name;
  if (values.address !== before.address) patch.address = values.address;
  if (values.folder !== before.folder) patch.folder = values.folder;
  if (values.enabled !== before.enabled) patch.enabled = values.enabled;
  for (const key of ['imap', 'smtp'] as const) {
    const server: Record<string, unknown> = {};
    const now = values[key];
    const was = before[key];
    if (now.host !== was.host) server.host = now.host;
    if (now.port !== was.port) server.port = port(now.port);
    if (now.security !== was.security) server.security = now.security;
    if (now.user !== was.user) server.user = now.user;
    if (now.password) server.password = now.password;
    if (Object.keys(server).length) patch[key] = server;
  }
  return Object.keys(patch).length ? (patch as MailboxPatch) : null;
}

export type MailboxCheck<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; errors: Readonly<Record<string, string>> }>;

export function checkCreate(values: MailboxFormValues): MailboxCheck<MailboxInput> {
  const input = formToInput(values);
  const parsed = mailboxInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: validationError(parsed.error.issues).details?.fields ?? {} };
  // A new mailbox cannot be read or sent from without its passwords.
  const missing: Record<string, string> = {};
  if (!values.imap.password) missing['imap.password'] = 'Enter the password.';
  if (!values.smtp.password) missing['smtp.password'] = 'Enter the password.';
  return Object.keys(missing).length ? { ok: false, errors: missing } : { ok: true, value: input };
}

export function checkPatch(view: MailboxView, values: MailboxFormValues): MailboxCheck<MailboxPatch> | null {
  const patch = formToPatch(view, values);
  if (!patch) return null;
  const parsed = mailboxPatchSchema.safeParse(patch);
  if (!parsed.success) return { ok: false, errors: validationError(parsed.error.issues).details?.fields ?? {} };
  return { ok: true, value: patch };
}

export type StateDisplay = Readonly<{ label: string; color: string }>;

export function mailboxStateDisplay(state: MailboxState): StateDisplay {
  switch (state) {
    case 'idle':
      return { label: 'Idle (listening)', color: 'green' };
    case 'polling':
      return { label: 'Polling', color: 'teal' };
    case 'connecting':
      return { label: 'Connecting', color: 'blue' };
    case 'error':
      return { label: 'Error', color: 'red' };
    case 'disabled':
      return { label: 'Disabled', color: 'gray' };
  }
}
