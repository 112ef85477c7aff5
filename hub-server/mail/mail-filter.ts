// Which incoming mail must never become a case or get a reply: auto-replies, bounces, list mail and
// our own mail coming back (loops). Decided from the headers alone, before anything is written.
export type HeaderLine = Readonly<{ key: string; line: string }>;

/** The value of a header line (`Key: value`, unfolded), lower-cased keys. */
export function headerValues(lines: readonly HeaderLine[], key: string): string[] {
  const wanted = key.toLowerCase();
  return lines.filter((l) => l.key.toLowerCase() === wanted).map((l) => l.line.slice(l.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
}

const AUTOMATIC_SENDERS = /^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)(?:[+@]|$)/i;

export type AutomaticCheck = Readonly<{
  headerLines: readonly HeaderLine[];
  /** The From address, lower-cased. */
  from: string;
  /** Our mailbox addresses, lower-cased. */
  ownAddresses: readonly string[];
}>;

/** Why this mail is automatic (not to be answered or made a case), or null for a person's mail. */
export function automaticReason(check: AutomaticCheck): string | null {
  const { headerLines } = check;
  const autoSubmitted = headerValues(headerLines, 'auto-submitted')[0];
  if (autoSubmitted !== undefined && autoSubmitted.split(';')[0]?.trim().toLowerCase() !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headerValues(headerLines, 'precedence')[0]?.toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  for (const key of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress']) {
    const value = headerValues(headerLines, key)[0];
    // X-Auto-Response-Suppress is set by Exchange on its own automatic mail ("All", "OOF", ...).
    if (value !== undefined && (key !== 'x-auto-response-suppress' || /\b(?:all|oof|autoreply)\b/i.test(value))) return `${key}: ${value}`;
  }
  const returnPath = headerValues(headerLines, 'return-path');
  if (returnPath.length > 0 && returnPath.every((v) => v.replace(/[<>\s]/g, '') === '')) return 'empty Return-Path (a bounce)';
  if (!check.from) return 'no sender address';
  if (AUTOMATIC_SENDERS.test(check.from)) return `automatic sender ${check.from}`;
  if (check.ownAddresses.includes(check.from)) return 'sent from our own mailbox (a loop)';
  const contentType = headerValues(headerLines, 'content-type')[0]?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report')) return 'a delivery or read report';
  return null;
}
