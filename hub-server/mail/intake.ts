// Mail intake: one incoming mail → ignored (auto-reply, bounce, loop), threaded into its case
// (case number in the subject, or In-Reply-To/References), or a new email case with an automatic
// acknowledgement. Everything for one mail is one write transaction guarded by its Message-ID, so
// a mail read twice (a crash before it was flagged) is recognised and never makes a second case.
import { uuidv7 } from 'uuidv7';
import type { AttachmentInfo } from '../../shared/case-events.js';
import { createCaseArgsSchema, emailSchema, LIMITS, phoneSchema, type CaseRow, type CreateCaseArgs, type Projector, type Site } from '../../shared/domain.js';
import type { AttachmentRecord, HubRepository, MailboxRecord, WriteTx } from '../db/repository.js';
import { autoAssignCase } from '../domain/auto-assign.js';
import { appendCaseEvent } from '../domain/case-events.js';
import { createCase } from '../domain/cases.js';
import type { CommandContext } from '../domain/command-context.js';
import { readSettings } from '../domain/settings.js';
import { putFile } from './file-store.js';
import { automaticReason } from './mail-filter.js';
import { queueCaseMail, withSignature } from './outgoing.js';
import { parseMail, type IncomingMail } from './parse-mail.js';
import { systemContext } from './system-context.js';

export type IntakeKind = 'created' | 'threaded' | 'ignored' | 'duplicate';
export type IntakeOutcome = Readonly<{ kind: IntakeKind; caseId: string | null; caseNumber: string | null; messageId: string; subject: string; reason: string | null }>;

export type IntakeOptions = Readonly<{
  dataDir: string;
  now: string;
  /** The mail was cut at the intake limit (see mailbox-reader.ts). */
  truncated?: boolean;
  fullSize?: number;
}>;

const MIB = 1024 * 1024;
const CASE_NUMBER = /\bDTR-\d{4}-\d{6}\b/gi;
const IS_CASE_NUMBER = /^DTR-\d{4}-\d{6}$/i;
/** Serial-like tokens: letters, digits and dashes with at least one digit. */
const SERIAL_TOKEN = /\b[A-Z0-9][A-Z0-9-]{2,62}[A-Z0-9]\b/gi;
const MAX_SERIAL_TOKENS = 200;

export function serialCandidates(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(SERIAL_TOKEN)) {
    const token = match[0];
    if (!/\d/.test(token) || IS_CASE_NUMBER.test(token)) continue;
    seen.add(token);
    seen.add(token.toUpperCase());
    if (seen.size >= MAX_SERIAL_TOKENS) break;
  }
  return [...seen];
}

/** The case a mail answers: its case number in the subject, else a Message-ID we know. */
async function threadCase(tx: WriteTx, mail: IncomingMail): Promise<CaseRow | null> {
  for (const match of mail.subject.matchAll(CASE_NUMBER)) {
    const found = await tx.findCaseByNumber(match[0].toUpperCase());
    if (found) return found;
  }
  const caseId = await tx.findThreadCase([...mail.inReplyTo, ...mail.references]);
  return caseId ? await tx.getCase(caseId) : null;
}

function firstInOrder(projectors: readonly Projector[], candidates: readonly string[]): Projector | null {
  for (const token of candidates) {
    const hit = projectors.find((p) => p.serial === token);
    if (hit) return hit;
  }
  return null;
}

/** The new case's fields: the sender as contact (a known site contact when the address matches). */
async function newCaseArgs(tx: WriteTx, mail: IncomingMail): Promise<CreateCaseArgs | null> {
  const candidates = serialCandidates(`${mail.subject}\n${mail.text}`);
  const projector = firstInOrder(await tx.findProjectorsBySerials(candidates), candidates);
  const sites: Site[] = await tx.findSitesByContactEmail(mail.from);
  const site = (projector ? sites.find((s) => s.id === projector.siteId) : undefined) ?? (sites.length === 1 ? sites[0] : undefined);
  const phone = site && phoneSchema.safeParse(site.contactPhone).success ? site.contactPhone : '';
  const args: CreateCaseArgs = {
    id: uuidv7(),
    serial: projector?.serial ?? '',
    projectorId: projector?.id ?? null,
    siteId: projector ? null : (site?.id ?? null),
    customerId: null,
    contactName: (mail.fromName || site?.contactName || mail.from.split('@')[0] || mail.from).slice(0, LIMITS.name),
    contactPhone: phone,
    contactEmail: mail.from,
    channel: 'email',
    title: (mail.subject || '(no subject)').slice(0, LIMITS.title),
    description: mail.text.slice(0, LIMITS.description),
    priority: 'P3',
    severity: 'minor',
  };
  const parsed = createCaseArgsSchema.safeParse(args);
  return parsed.success ? parsed.data : null;
}

const ACKNOWLEDGEMENT = (number: string) =>
  `Thank you for your message. We have logged it as case ${number}.\n\n` +
  'Please keep the case number in the subject when you write to us about it; we will get back to you as soon as we can.';

type StoredAttachments = Readonly<{ infos: AttachmentInfo[]; rows: (eventId: string, caseId: string) => AttachmentRecord[] }>;

/** Writes kept attachments to the file store (before the transaction: content-addressed, so a retry only finds them there). */
function storeAttachments(dataDir: string, mail: IncomingMail, now: string): StoredAttachments {
  const infos: AttachmentInfo[] = [];
  const kept: { id: string; fileName: string; mime: string; bytes: number; sha256: string }[] = [];
  for (const attachment of mail.attachments) {
    const id = uuidv7();
    if (attachment.content) {
      const sha256 = putFile(dataDir, attachment.content);
      kept.push({ id, fileName: attachment.fileName, mime: attachment.mime, bytes: attachment.content.length, sha256 });
      infos.push({ id, fileName: attachment.fileName, mime: attachment.mime, bytes: attachment.content.length, stored: true });
    } else {
      infos.push({ id, fileName: attachment.fileName, mime: attachment.mime, bytes: attachment.bytes, stored: false });
    }
  }
  return { infos, rows: (eventId, caseId) => kept.map((k) => ({ ...k, eventId, caseId, createdAt: now })) };
}

async function recordIn(tx: WriteTx, mailbox: MailboxRecord, mail: IncomingMail, now: string, caseId: string | null, eventId: string | null, outcome: string): Promise<void> {
  await tx.insertMailMessage({ id: uuidv7(), mailboxId: mailbox.id, messageId: mail.messageId, direction: 'in', caseId, eventId, outcome, createdAt: now });
}

async function ignoreReason(tx: WriteTx, mail: IncomingMail): Promise<string | null> {
  const ownAddresses = (await tx.listMailboxes()).map((m) => m.address.toLowerCase());
  const reason = automaticReason({ headerLines: mail.headerLines, from: mail.from, ownAddresses });
  if (reason) return reason;
  if (await tx.findOutgoingMessage([mail.messageId])) return 'our own outgoing mail came back (a loop)';
  if (!emailSchema.safeParse(mail.from).success) return `the sender address "${mail.from}" cannot be answered`;
  return null;
}

/** Handles one mail read from `mailbox`; safe to call again for the same mail. */
export async function intakeMail(repo: HubRepository, mailbox: MailboxRecord, raw: Buffer, options: IntakeOptions): Promise<IntakeOutcome> {
  const settings = (await repo.read((tx) => readSettings(tx))).mailIntake;
  const mail = await parseMail(raw, { maxAttachmentBytes: settings.maxAttachmentMb * MIB, truncated: options.truncated, fullSize: options.fullSize });
  const outcome = (kind: IntakeKind, caseRow: Pick<CaseRow, 'id' | 'number'> | null, reason: string | null = null): IntakeOutcome => ({
    kind,
    caseId: caseRow?.id ?? null,
    caseNumber: caseRow?.number ?? null,
    messageId: mail.messageId,
    subject: mail.subject,
    reason,
  });
  const known = await repo.read((tx) => tx.findMailMessage(mailbox.id, mail.messageId, 'in'));
  if (known) return outcome('duplicate', known.caseId ? { id: known.caseId, number: null } : null, known.outcome);
  const stored = storeAttachments(options.dataDir, mail, options.now);
  return repo.write(async (tx) => {
    // Checked again inside the transaction: another reader of the same mailbox may have won.
    const again = await tx.findMailMessage(mailbox.id, mail.messageId, 'in');
    if (again) return outcome('duplicate', again.caseId ? { id: again.caseId, number: null } : null, again.outcome);
    const ctx: CommandContext = await systemContext(tx, options.now);
    const reason = await ignoreReason(tx, mail);
    if (reason) {
      await recordIn(tx, mailbox, mail, options.now, null, null, 'ignored');
      return outcome('ignored', null, reason);
    }
    const data = { from: mail.from, fromName: mail.fromName, to: mail.to || mailbox.address, subject: mail.subject, text: mail.text, messageId: mail.messageId, attachments: stored.infos, notices: mail.notices };
    const existing = await threadCase(tx, mail);
    let caseRow: CaseRow;
    let kind: IntakeKind;
    if (existing) {
      caseRow = existing;
      kind = 'threaded';
    } else {
      const args = await newCaseArgs(tx, mail);
      if (!args) {
        await recordIn(tx, mailbox, mail, options.now, null, null, 'ignored');
        return outcome('ignored', null, 'the mail cannot be made into a valid case');
      }
      const created = await createCase(tx, ctx, args);
      await autoAssignCase(tx, ctx, created.id);
      const row = await tx.getCase(created.id);
      if (!row) throw new Error(`The case ${created.id} just created is missing.`);
      caseRow = row;
      kind = 'created';
    }
    const event = await appendCaseEvent(tx, ctx, caseRow.id, 'email_in', data);
    await tx.insertAttachments(stored.rows(event.id, caseRow.id));
    await recordIn(tx, mailbox, mail, options.now, caseRow.id, event.id, 'case');
    await tx.countMailboxHandled(mailbox.id);
    if (kind === 'created' && settings.acknowledge && caseRow.number) {
      await queueCaseMail(tx, ctx, { mailbox, caseRow, text: withSignature(ACKNOWLEDGEMENT(caseRow.number), settings.signature), automatic: true });
    }
    return outcome(kind, caseRow);
  });
}
