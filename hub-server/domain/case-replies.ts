// The sendCaseReply mutation: an agent's email to the case's contact, queued in the mutation's
// transaction (email_out event with the console's id, delivery queued) and sent by the hub's mail
// sender after the commit. The first person's reply answers the case for its SLA.
import type { SendCaseReplyArgs } from '../../shared/case-events.js';
import { AppError } from '../../shared/errors.js';
import type { WriteTx } from '../db/repository.js';
import { queueCaseMail, replyMailbox, withSignature } from '../mail/outgoing.js';
import { caseForCaller, recordFirstResponse } from './cases.js';
import type { CommandContext } from './command-context.js';
import { readSettings } from './settings.js';

export type SendCaseReplyResult = Readonly<{ id: string; caseId: string }>;

export async function sendCaseReply(tx: WriteTx, ctx: CommandContext, args: SendCaseReplyArgs): Promise<SendCaseReplyResult> {
  const row = await caseForCaller(tx, ctx, args.caseId);
  if (!row.contactEmail) {
    throw new AppError('VALIDATION', 'This case has no contact email to reply to. Add one to the case first.', { fields: { caseId: 'The case has no contact email.' } });
  }
  const mailbox = await replyMailbox(tx, row.id);
  const { signature } = (await readSettings(tx)).mailIntake;
  const event = await queueCaseMail(tx, ctx, { mailbox, caseRow: row, text: withSignature(args.text, signature), automatic: false, eventId: args.id });
  await recordFirstResponse(tx, ctx, row.id);
  return { id: event.id, caseId: row.id };
}
