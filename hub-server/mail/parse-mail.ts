// Turns the raw bytes of an incoming mail into what intake needs: addresses, thread ids, a plain-text
// body (HTML sanitised to text), attachments within the size limit and notices about what was not
// kept. Never throws on bad input: unreadable MIME still yields a mail with a notice.
import crypto from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { HeaderLine } from './mail-filter.js';
import { headerValues } from './mail-filter.js';
import { htmlToText, tidyText } from './html-text.js';

export type IncomingAttachment = Readonly<{
  fileName: string;
  mime: string;
  bytes: number;
  /** Null when not kept (over the limit, or the mail was cut at the intake limit). */
  content: Buffer | null;
}>;

export type IncomingMail = Readonly<{
  messageId: string;
  inReplyTo: readonly string[];
  references: readonly string[];
  subject: string;
  from: string;
  fromName: string;
  to: string;
  text: string;
  attachments: readonly IncomingAttachment[];
  notices: readonly string[];
  headerLines: readonly HeaderLine[];
}>;

export type ParseLimits = Readonly<{
  maxAttachmentBytes: number;
  /** The mail was cut at the intake limit: attachments are listed but none is kept. */
  truncated?: boolean;
  /** The size the server reported, for the notice of a cut mail. */
  fullSize?: number;
}>;

const MESSAGE_ID = /<[^<>\s]+>/g;

/** `<a@b>` tokens of a header value (In-Reply-To, References). */
export function messageIdsIn(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  return text.match(MESSAGE_ID) ?? [];
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): { address: string; name: string } {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  for (const group of list) {
    for (const entry of group.value) {
      if (entry.address) return { address: entry.address.trim().toLowerCase(), name: (entry.name ?? '').trim() };
    }
  }
  return { address: '', name: '' };
}

export function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A mail without a Message-ID still needs a stable one, so a re-read is recognised. */
function syntheticMessageId(raw: Buffer): string {
  return `<${crypto.createHash('sha256').update(raw).digest('hex').slice(0, 40)}@no-message-id.lamphouse.invalid>`;
}

function bodyText(parsed: ParsedMail): string {
  if (parsed.text && parsed.text.trim() !== '') return tidyText(parsed.text);
  if (typeof parsed.html === 'string') return htmlToText(parsed.html);
  return '';
}

/** Header lines of the raw head, for a mail mailparser could not read. */
function rawHeaderLines(head: string): HeaderLine[] {
  const lines: HeaderLine[] = [];
  for (const line of head.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) lines.push({ key: line.slice(0, colon).trim().toLowerCase(), line });
  }
  return lines;
}

/** The body of a mail as raw text (after the header), for structure mailparser could not split. */
function rawBodyText(raw: Buffer): string {
  const source = raw.toString('utf8');
  const split = /\r?\n\r?\n/.exec(source);
  const body = split ? source.slice(split.index + split[0].length) : '';
  return tidyText(body.includes('<') ? htmlToText(body) : body);
}

/** When mailparser gives up: the headers by hand, and the body as raw text (never interpreted). */
function fallbackMail(raw: Buffer, reason: string): IncomingMail {
  const source = raw.toString('utf8');
  const split = /\r?\n\r?\n/.exec(source);
  const head = split ? source.slice(0, split.index) : source;
  const body = split ? source.slice(split.index + split[0].length) : '';
  const headerLines = rawHeaderLines(head);
  const from = headerValues(headerLines, 'from')[0] ?? '';
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? /[^\s<>"]+@[^\s<>"]+/.exec(from)?.[0] ?? '';
  return {
    messageId: messageIdsIn(headerValues(headerLines, 'message-id')[0])[0] ?? syntheticMessageId(raw),
    inReplyTo: messageIdsIn(headerValues(headerLines, 'in-reply-to')),
    references: messageIdsIn(headerValues(headerLines, 'references')),
    subject: headerValues(headerLines, 'subject')[0] ?? '',
    from: address.toLowerCase(),
    fromName: from.replace(/<[^>]*>/, '').replace(/"/g, '').trim(),
    to: headerValues(headerLines, 'to')[0] ?? '',
    text: tidyText(body.includes('<') ? htmlToText(body) : body),
    attachments: [],
    notices: [`The mail's MIME structure could not be read (${reason}); its raw text is shown instead.`],
    headerLines,
  };
}

/** Problems mailparser tolerates silently but a reader should know about. */
function structureNotices(parsed: ParsedMail): string[] {
  const notices: string[] = [];
  const type = parsed.headers.get('content-type');
  const value = typeof type === 'object' && type !== null && 'value' in type ? String(type.value) : '';
  const params = typeof type === 'object' && type !== null && 'params' in type ? (type.params as Record<string, string>) : {};
  if (value.toLowerCase().startsWith('multipart/') && !params.boundary) {
    notices.push('The mail says it has several parts but gives no boundary between them (malformed MIME); it was read as one text.');
  }
  return notices;
}

export async function parseMail(raw: Buffer, limits: ParseLimits): Promise<IncomingMail> {
  let parsed: ParsedMail;
  try {
    // skipHtmlToText: an HTML-only mail is turned into text by sanitize-html below, not by mailparser.
    parsed = await simpleParser(raw, { skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (error) {
    return fallbackMail(raw, error instanceof Error ? error.message : String(error));
  }
  const notices = structureNotices(parsed);
  const from = firstAddress(parsed.from);
  const to = firstAddress(parsed.to);
  const attachments: IncomingAttachment[] = [];
  for (const attachment of parsed.attachments) {
    const fileName = (attachment.filename ?? '').trim() || 'attachment';
    const bytes = attachment.size;
    if (limits.truncated) {
      attachments.push({ fileName, mime: attachment.contentType, bytes, content: null });
    } else if (bytes > limits.maxAttachmentBytes) {
      attachments.push({ fileName, mime: attachment.contentType, bytes, content: null });
      notices.push(`The attachment "${fileName}" (${formatMb(bytes)}) is over the ${formatMb(limits.maxAttachmentBytes)} limit and was not kept.`);
    } else {
      attachments.push({ fileName, mime: attachment.contentType, bytes, content: attachment.content });
    }
  }
  if (limits.truncated) {
    notices.push(`The mail (${formatMb(limits.fullSize ?? raw.length)}) is over the intake limit; only its text was read and its attachments were not kept.`);
  }
  return {
    messageId: messageIdsIn(parsed.messageId)[0] ?? syntheticMessageId(raw),
    inReplyTo: messageIdsIn(parsed.inReplyTo),
    references: messageIdsIn(parsed.references),
    subject: (parsed.subject ?? '').trim(),
    from: from.address,
    fromName: from.name,
    to: to.address,
    text: bodyText(parsed) || (notices.length > 0 ? rawBodyText(raw) : ''),
    attachments,
    notices,
    headerLines: parsed.headerLines,
  };
}
