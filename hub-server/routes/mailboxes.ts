// Admin routes for the support mailboxes (mailbox.manage): list with each reader's state, create,
// change, remove and "retry now". Passwords go in and never come back (MailboxView.hasPassword);
// every change restarts that mailbox's reader so it takes effect at once.
import { AppError } from '../../shared/errors.js';
import { isoAt } from '../clock.js';
import { createMailbox, listMailboxViews, mailboxOrNotFound, removeMailbox, toMailboxView, updateMailbox } from '../mail/mailboxes.js';
import type { MailService } from '../mail/mail-service.js';
import { requireId, type HubRouteHandlers, type RouteDeps } from './hub-routes.js';

type MailboxHandlers = Pick<HubRouteHandlers, 'mailboxes.list' | 'mailboxes.create' | 'mailboxes.update' | 'mailboxes.remove' | 'mailboxes.retry'>;

function mailOf(deps: RouteDeps): MailService {
  if (!deps.mail) throw new AppError('UNAVAILABLE', 'Mail is not available on this hub.');
  return deps.mail;
}

export function createMailboxHandlers(deps: RouteDeps): MailboxHandlers {
  const { repo, log } = deps;
  return {
    'mailboxes.list': () => repo.read((tx) => listMailboxViews(tx)),
    'mailboxes.create': async ({ body, caller }) => {
      const mail = mailOf(deps);
      const row = await repo.write((tx) => createMailbox(tx, mail.key, body, isoAt(deps.clock())));
      log.info('Mailbox created', { mailboxId: row.id, name: row.name, by: caller.user.id });
      await mail.reload(row.id);
      return toMailboxView((await repo.read((tx) => tx.getMailbox(row.id))) ?? row);
    },
    'mailboxes.update': async ({ body, id, caller }) => {
      const mail = mailOf(deps);
      const row = await repo.write((tx) => updateMailbox(tx, mail.key, requireId(id), body));
      log.info('Mailbox changed', { mailboxId: row.id, fields: Object.keys(body), by: caller.user.id });
      await mail.reload(row.id);
      return toMailboxView((await repo.read((tx) => tx.getMailbox(row.id))) ?? row);
    },
    'mailboxes.remove': async ({ id, caller }) => {
      const mail = mailOf(deps);
      await repo.write((tx) => removeMailbox(tx, requireId(id)));
      log.info('Mailbox removed', { mailboxId: id, by: caller.user.id });
      await mail.reload(requireId(id));
      return null;
    },
    'mailboxes.retry': async ({ id }) => {
      const mail = mailOf(deps);
      await repo.read((tx) => mailboxOrNotFound(tx, requireId(id)));
      await mail.retry(requireId(id));
      return toMailboxView(await repo.read((tx) => mailboxOrNotFound(tx, requireId(id))));
    },
  };
}
