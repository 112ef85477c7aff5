// `lamphouse hub`: starts the hub from the command line (npx tsx hub-server/cli.ts). Prints one
// "Hub: <url>" line on success; a fixable problem is one "lamphouse hub: ..." line and exit code 2.
import { HUB_HELP, parseHubCliOptions, type HubCliOptions } from './cli-options.js';
import { ROLE_LABELS } from '../shared/domain.js';
import { passwordProblem } from '../shared/passwords.js';
import { MIN_ADMIN_PASSWORD, compactHubChangeLog, describeAuditReport, startHub, verifyHubAudit, type RunningHub } from './server.js';
import { StartupError } from './startup-error.js';

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003' || ch === '\u0004') return finish(new StartupError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function adminPassword(email: string): Promise<string> {
  const fromEnv = process.env.LAMPHOUSE_ADMIN_PASSWORD;
  let password: string;
  if (fromEnv !== undefined) password = fromEnv;
  else if (process.stdin.isTTY) {
    password = await promptHidden(`Password for ${email} (at least ${MIN_ADMIN_PASSWORD} characters, not a common one): `);
    if (passwordProblem(password, email) === null && (await promptHidden('Repeat the password: ')) !== password) throw new StartupError('the two passwords differ');
  } else throw new StartupError('--init-admin needs a password: set LAMPHOUSE_ADMIN_PASSWORD or run in a terminal');
  const problem = passwordProblem(password, email);
  if (problem) throw new StartupError(`the admin password is not acceptable: ${problem}`);
  return password;
}

function printStarted(hub: RunningHub, options: HubCliOptions): void {
  process.stdout.write(`Hub: ${hub.url}\n`);
  if (hub.demoAccounts) {
    const password = hub.demoAccounts[0]?.password ?? '';
    const width = Math.max(...hub.demoAccounts.map((a) => a.email.length));
    const lines = hub.demoAccounts.map((a) => `  ${a.email.padEnd(width)}  ${ROLE_LABELS[a.role]}${a.role === 'fse' ? ` (${a.regions.join(', ')})` : ''}`);
    process.stdout.write(`Demo accounts (password for all: ${password}):\n${lines.join('\n')}\n`);
  }
  if (hub.adminCreated && options.initAdminEmail) process.stdout.write(`Admin created: ${options.initAdminEmail}\n`);
  else if (options.initAdminEmail) process.stderr.write('lamphouse hub: --init-admin ignored, the hub already has users\n');
  if (hub.noUsers) process.stderr.write('lamphouse hub: no users yet, so nobody can sign in; restart with --demo or --init-admin EMAIL\n');
}

async function main(): Promise<number> {
  let options: HubCliOptions;
  try {
    options = parseHubCliOptions(process.argv.slice(2), process.env);
    if (options.help) {
      process.stdout.write(HUB_HELP);
      return 0;
    }
    if (options.verifyAudit) {
      const report = await verifyHubAudit(options.dataDir);
      const line = describeAuditReport(report);
      process.stdout.write(`${line}\n`);
      return report.ok ? 0 : 1;
    }
    if (options.compactBefore !== null) {
      const outcome = await compactHubChangeLog(options.dataDir, options.compactBefore);
      process.stdout.write(
        outcome.removed === 0
          ? `Nothing to compact: the change log already starts after version ${outcome.horizon}.\n`
          : `Compacted: removed ${outcome.removed} change-log entries up to version ${outcome.horizon}; archived to ${outcome.archiveFile}\n`,
      );
      return 0;
    }
    const initAdmin = options.initAdminEmail ? { email: options.initAdminEmail, password: await adminPassword(options.initAdminEmail) } : undefined;
    const hub = await startHub({ dataDir: options.dataDir, port: options.port, host: options.host, jwtSecret: options.jwtSecret, demo: options.demo, initAdmin });
    // Handlers go in before anything is printed: whoever reads the URL may signal us at once.
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      hub.close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`lamphouse hub: error while closing: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    printStarted(hub, options);
    return -1;
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`lamphouse hub: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`lamphouse hub: unexpected error: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
