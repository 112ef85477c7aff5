// Test support: real mail servers on loopback, each test run its own instances in a temp folder.
//
// - Dovecot (IMAP, plain login, no TLS) on 127.0.0.1:<free port> (reached through a small TCP
//   proxy, so a test can cut the server off), serving maildirs under
//   <tmp>/mail/<user>/Maildir, users from a passwd-file (`<user>` / `<user>-secret-pw`).
// - Postfix (SMTP, no AUTH, trusts 127.0.0.0/8) on 127.0.0.1:<free port>, delivering every
//   `<user>@<domain>` (domains below) with its `virtual` agent straight into those maildirs, so
//   mail sent over SMTP shows up over IMAP (IDLE sees it at once: Dovecot watches the maildir).
//
// Both run in the foreground as children of the test process, from config files in the temp folder
// (`dovecot -F -c`, Postfix's `master -d -c`), and never touch the system services. Postfix's master must start as root (it drops to the `postfix` user), so these
// tests need root, as in the CI container; Dovecot runs as root too and serves the mail as
// `nobody`. Debian 12 packages: `dovecot-core dovecot-imapd postfix` (apt-get install -y
// --no-install-recommends; set DEBIAN_FRONTEND=noninteractive and preseed postfix's
// main_mailer_type "No configuration" so the system instance stays unconfigured).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';

const run = promisify(execFile);

export const DOVECOT_BIN = '/usr/sbin/dovecot';
export const POSTFIX_BIN = '/usr/sbin/postfix';
const POSTFIX_MASTER_BIN = '/usr/lib/postfix/sbin/master';
export const MAIL_DOMAINS = ['lamphouse.test', 'customer.test', 'example.com'] as const;
export const DEFAULT_MAIL_USERS = ['support', 'helpdesk', 'customer', 'robin', 'pat'] as const;
const MAIL_UID = 65534;
const MAIL_GID = 65534;

/** Why the real mail servers cannot run here (tests skip with it), or null when they can. */
export function mailServersUnavailable(): string | null {
  const missing = [DOVECOT_BIN, POSTFIX_BIN, POSTFIX_MASTER_BIN].filter((bin) => !fs.existsSync(bin));
  if (missing.length > 0) return `mail server binaries missing (${missing.join(', ')}); install the Debian packages dovecot-core dovecot-imapd postfix`;
  return null;
}

export type MailAccount = Readonly<{ user: string; password: string; address: string }>;

export type ReadMail = Readonly<{
  uid: number;
  seen: boolean;
  messageId: string;
  inReplyTo: string;
  references: readonly string[];
  subject: string;
  from: string;
  to: string;
  text: string;
  headers: ReadonlyMap<string, unknown>;
}>;

export type MailServers = Readonly<{
  /** The support mailbox's IMAP login (user `support`). */
  imap: Readonly<{ host: string; port: number; user: string; password: string }>;
  smtp: Readonly<{ host: string; port: number }>;
  /** Any account: `<user>@<domain>` for every domain in MAIL_DOMAINS lands in `<user>`'s INBOX. */
  account(user: string, domain?: string): MailAccount;
  /** Hands raw mail to Postfix over SMTP (resolves at its 250 "queued"). `from` '' is a bounce (MAIL FROM:<>). */
  deliver(raw: string | Buffer, to: string, from?: string): Promise<void>;
  /** Every mail in a user's INBOX, parsed (read with PEEK: flags unchanged). */
  readMailbox(user: string): Promise<ReadMail[]>;
  /** Polls `readMailbox` until a mail matches (or throws after `timeoutMs`). */
  waitForMail(user: string, match: (mail: ReadMail) => boolean, timeoutMs?: number): Promise<ReadMail>;
  /**
   * Makes the IMAP port unreachable (connections dropped, new ones refused) / reachable again on the
   * same port. Clients reach Dovecot through a loopback TCP proxy, because a stopped Dovecot master
   * leaves its running imap sessions alive.
   */
  stopImap(): Promise<void>;
  startImap(): Promise<void>;
  dir: string;
  stop(): Promise<void>;
}>;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, open: boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen === open) return;
    if (Date.now() > deadline) throw new Error(`Port ${port} did not ${open ? 'open' : 'close'} within ${timeoutMs} ms.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function dovecotConfig(dir: string, port: number): string {
  return `base_dir = ${dir}/dovecot-run
state_dir = ${dir}/dovecot-state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:${dir}/mail/%n/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${dir}/dovecot-users
}
userdb {
  driver = static
  args = uid=${MAIL_UID} gid=${MAIL_GID} home=${dir}/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

function postfixMain(dir: string): string {
  return `compatibility_level = 3.6
queue_directory = ${dir}/postfix-queue
data_directory = ${dir}/postfix-data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.lamphouse.test
mydomain = lamphouse.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
smtpd_relay_restrictions = permit_mynetworks, reject
virtual_mailbox_domains = ${MAIL_DOMAINS.join(', ')}
virtual_mailbox_maps = texthash:${dir}/postfix/vmailbox
virtual_mailbox_base = ${dir}/mail
virtual_uid_maps = static:${MAIL_UID}
virtual_gid_maps = static:${MAIL_GID}
virtual_minimum_uid = 1
virtual_mailbox_limit = 0
message_size_limit = 67108864
maillog_file = ${dir}/postfix.log
maillog_file_prefixes = ${dir}
alias_maps =
alias_database =
biff = no
smtputf8_enable = no
`;
}

// chroot off (column 5 "n"): the instance lives in a temp folder, not under /var/spool/postfix.
const POSTFIX_MASTER = (port: number) => `127.0.0.1:${port} inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
virtual   unix  - n n - - virtual
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
`;

/** A minimal SMTP client: exactly the envelope asked for (including the null sender of a bounce). */
async function smtpSend(port: number, from: string, to: string, raw: Buffer): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  let buffer = '';
  const waiters: ((line: string) => void)[] = [];
  const lines: string[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let index: number;
    while ((index = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      // Only the last line of a multi-line reply ("250 " rather than "250-") ends it.
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        const waiter = waiters.shift();
        if (waiter) waiter(line);
        else lines.push(line);
      }
    }
  });
  const failed = new Promise<never>((_, reject) => socket.once('error', reject));
  const reply = () => Promise.race([new Promise<string>((resolve) => (lines.length > 0 ? resolve(lines.shift() as string) : waiters.push(resolve))), failed]);
  const expect = async (code: string, what: string) => {
    const line = await reply();
    if (!line.startsWith(code)) throw new Error(`SMTP ${what}: ${line}`);
  };
  try {
    await expect('220', 'greeting');
    socket.write('EHLO test.client\r\n');
    await expect('250', 'EHLO');
    socket.write(`MAIL FROM:<${from}>\r\n`);
    await expect('250', 'MAIL FROM');
    socket.write(`RCPT TO:<${to}>\r\n`);
    await expect('250', 'RCPT TO');
    socket.write('DATA\r\n');
    await expect('354', 'DATA');
    const body = raw.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    socket.write(Buffer.from(body.endsWith('\r\n') ? body : `${body}\r\n`, 'latin1'));
    socket.write('.\r\n');
    await expect('250', 'end of data');
    socket.write('QUIT\r\n');
  } finally {
    socket.end();
  }
}

export async function startMailServers(options: Readonly<{ users?: readonly string[] }> = {}): Promise<MailServers> {
  const unavailable = mailServersUnavailable();
  if (unavailable) throw new Error(unavailable);
  const users = options.users ?? DEFAULT_MAIL_USERS;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-mail-'));
  // The mail processes run as nobody and postfix: they must be able to reach the folder.
  fs.chmodSync(dir, 0o755);
  for (const sub of ['dovecot-run', 'dovecot-state', 'postfix', 'postfix-queue', 'postfix-data', 'mail']) fs.mkdirSync(path.join(dir, sub));
  fs.chownSync(path.join(dir, 'mail'), MAIL_UID, MAIL_GID);
  const password = (user: string) => `${user}-secret-pw`;
  fs.writeFileSync(path.join(dir, 'dovecot-users'), users.map((u) => `${u}:{PLAIN}${password(u)}\n`).join(''), { mode: 0o644 });
  fs.writeFileSync(path.join(dir, 'postfix', 'vmailbox'), users.flatMap((u) => MAIL_DOMAINS.map((d) => `${u}@${d} ${u}/Maildir/\n`)).join(''));
  const imapPort = await freePort();
  const dovecotPort = await freePort();
  const smtpPort = await freePort();
  const dovecotConf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(dovecotConf, dovecotConfig(dir, dovecotPort));
  fs.writeFileSync(path.join(dir, 'postfix', 'main.cf'), postfixMain(dir));
  fs.writeFileSync(path.join(dir, 'postfix', 'master.cf'), POSTFIX_MASTER(smtpPort));

  const postfixUid = Number((await run('id', ['-u', 'postfix'])).stdout.trim());
  const postdropGid = Number((await run('getent', ['group', 'postdrop'])).stdout.split(':')[2]);
  // The queue folders `postfix check` would create (it takes seconds; this takes none).
  const queue = path.join(dir, 'postfix-queue');
  for (const sub of ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace']) {
    fs.mkdirSync(path.join(queue, sub), { mode: 0o700 });
    fs.chownSync(path.join(queue, sub), postfixUid, 0);
  }
  fs.mkdirSync(path.join(queue, 'maildrop'), { mode: 0o730 });
  fs.chownSync(path.join(queue, 'maildrop'), postfixUid, postdropGid);
  fs.mkdirSync(path.join(queue, 'public'), { mode: 0o710 });
  fs.chownSync(path.join(queue, 'public'), postfixUid, postdropGid);
  fs.mkdirSync(path.join(queue, 'pid'), { mode: 0o755 });
  fs.chownSync(path.join(dir, 'postfix-data'), postfixUid, 0);

  // Both run in the foreground as our children: stopping is a signal, nothing is left behind.
  const children = new Map<'dovecot' | 'postfix', ChildProcess>();
  const launch = (name: 'dovecot' | 'postfix', bin: string, args: string[]) => {
    const child = spawn(bin, args, { stdio: 'ignore' });
    // A test process that dies without stop() must not leave servers behind.
    const onExit = () => child.kill('SIGKILL');
    process.once('exit', onExit);
    child.once('exit', () => {
      children.delete(name);
      process.off('exit', onExit);
    });
    children.set(name, child);
  };
  const kill = async (name: 'dovecot' | 'postfix') => {
    const child = children.get(name);
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const sockets = new Set<net.Socket>();
  let proxy: net.Server | null = null;
  const startImap = async () => {
    if (proxy) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(dovecotPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(imapPort, '127.0.0.1', () => resolve());
    });
    proxy = server;
  };
  const stopImap = async () => {
    const server = proxy;
    proxy = null;
    if (!server) return;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const stop = async () => {
    await stopImap();
    await kill('dovecot');
    await kill('postfix');
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    launch('dovecot', DOVECOT_BIN, ['-F', '-c', dovecotConf]);
    await waitForPort(dovecotPort, true, 10_000);
    await startImap();
    launch('postfix', POSTFIX_MASTER_BIN, ['-d', '-c', path.join(dir, 'postfix')]);
    await waitForPort(smtpPort, true, 15_000);
  } catch (error) {
    const logs = ['dovecot.log', 'postfix.log'].map((f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8').slice(-2000) : '')).join('\n');
    await stop();
    throw new Error(`Could not start the test mail servers (Postfix needs root): ${(error as Error).message}\n${logs}`);
  }

  const account = (user: string, domain: string = MAIL_DOMAINS[0]): MailAccount => ({ user, password: password(user), address: `${user}@${domain}` });

  async function readMailbox(user: string): Promise<ReadMail[]> {
    const client = new ImapFlow({ host: '127.0.0.1', port: imapPort, secure: false, doSTARTTLS: false, auth: { user, pass: password(user) }, logger: false, disableAutoIdle: true });
    await client.connect();
    const mails: ReadMail[] = [];
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const status = client.mailbox;
        if (status && status.exists > 0) {
          for await (const message of client.fetch('1:*', { uid: true, flags: true, source: true })) {
            if (!message.source) continue;
            const parsed = await simpleParser(message.source);
            const refs = parsed.references;
            mails.push({
              uid: message.uid,
              seen: message.flags?.has('\\Seen') ?? false,
              messageId: parsed.messageId ?? '',
              inReplyTo: parsed.inReplyTo ?? '',
              references: refs === undefined ? [] : typeof refs === 'string' ? [refs] : refs,
              subject: parsed.subject ?? '',
              from: parsed.from?.value[0]?.address ?? '',
              to: Array.isArray(parsed.to) ? (parsed.to[0]?.value[0]?.address ?? '') : (parsed.to?.value[0]?.address ?? ''),
              text: parsed.text ?? '',
              headers: parsed.headers,
            });
          }
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return mails;
  }

  return {
    imap: { host: '127.0.0.1', port: imapPort, user: 'support', password: password('support') },
    smtp: { host: '127.0.0.1', port: smtpPort },
    account,
    deliver: (raw, to, from = 'sender@customer.test') => smtpSend(smtpPort, from, to, typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw),
    readMailbox,
    async waitForMail(user, match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await readMailbox(user)).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No matching mail arrived for ${user} within ${timeoutMs} ms.`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stopImap,
    startImap,
    dir,
    stop,
  };
}
