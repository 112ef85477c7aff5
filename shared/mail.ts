// Support mailboxes the hub reads (IMAP) and sends from (SMTP). Configured by admins in the console
// and stored on the hub; passwords are write-only: the hub never sends them back.
import { z } from 'zod';
import { emailSchema } from './domain.js';

export const MAIL_SECURITY = ['tls', 'starttls', 'none'] as const;
export type MailSecurity = (typeof MAIL_SECURITY)[number];

const hostSchema = z
  .string()
  .trim()
  .min(1, 'Enter the server name.')
  .max(253, 'The server name is too long.')
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'Use a host name or an IP address.');
const portSchema = z.number({ message: 'The port must be a number.' }).int('The port must be a whole number.').min(1, 'Ports start at 1.').max(65535, 'Ports end at 65535.');
const secretSchema = z.string().min(1, 'Enter the password.').max(1024);

const serverSchema = z
  .object({
    host: hostSchema,
    port: portSchema,
    security: z.enum(MAIL_SECURITY, { message: 'Choose TLS, STARTTLS or none.' }),
    user: z.string().trim().min(1, 'Enter the user name.').max(254),
    /** Write-only. Left out on an update: the stored password is kept. */
    password: secretSchema.optional(),
  })
  .strict();

export const mailboxInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the mailbox.').max(100, 'The name may be at most 100 characters.'),
    /** The address customers write to; replies go out from it. */
    address: emailSchema,
    imap: serverSchema,
    smtp: serverSchema,
    folder: z.string().trim().min(1).max(200).default('INBOX'),
    enabled: z.boolean().default(true),
  })
  .strict();
export type MailboxInput = z.input<typeof mailboxInputSchema>;

export const mailboxPatchSchema = z
  .object({
    name: mailboxInputSchema.shape.name.optional(),
    address: emailSchema.optional(),
    imap: serverSchema.partial().strict().optional(),
    smtp: serverSchema.partial().strict().optional(),
    folder: z.string().trim().min(1).max(200).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'Change at least one field.');
export type MailboxPatch = z.input<typeof mailboxPatchSchema>;

export const MAILBOX_STATES = ['disabled', 'connecting', 'idle', 'polling', 'error'] as const;
export type MailboxState = (typeof MAILBOX_STATES)[number];

export type MailServerView = Readonly<{ host: string; port: number; security: MailSecurity; user: string; hasPassword: boolean }>;

export type MailboxView = Readonly<{
  id: string;
  name: string;
  address: string;
  imap: MailServerView;
  smtp: MailServerView;
  folder: string;
  enabled: boolean;
  /** `idle`: connected and waiting for mail (IMAP IDLE); `polling`: connected, the server has no IDLE. */
  state: MailboxState;
  lastError: string | null;
  lastCheckedAt: string | null;
  /** When the next attempt runs after an error (backoff). */
  retryAt: string | null;
  /** Mails turned into cases or threaded into cases so far. */
  handled: number;
}>;
