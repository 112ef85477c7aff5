// Command-line options of `lamphouse hub`: each flag also comes from an environment variable.
// Pure (argv and env in, options or a StartupError out), so it is tested without a process.
import { parseArgs } from 'node:util';
import { StartupError } from './startup-error.js';

export type HubCliOptions = Readonly<{
  help: boolean;
  dataDir: string;
  port: number;
  host: string;
  demo: boolean;
  initAdminEmail: string | null;
  jwtSecret: string | undefined;
  /** Admin action instead of serving: compact the change log below this version, then exit. */
  compactBefore: number | null;
  /** Admin action instead of serving: check the audit log's hash chain, then exit (0 intact, 1 broken). */
  verifyAudit: boolean;
}>;

export const HUB_HELP = `Usage: npx tsx hub-server/cli.ts [options]

Runs the Lamphouse hub: HTTP API and the /sync WebSocket.

Options (each may also be set by the environment variable shown):
  --data-dir DIR       Where the database and JWT secret live   LAMPHOUSE_DATA_DIR   (default ./.data/hub)
  --port N             Port to listen on; 0 picks a free one     LAMPHOUSE_HUB_PORT   (default 4010)
  --host HOST          Address to listen on                      LAMPHOUSE_HUB_HOST   (default 127.0.0.1)
  --demo               Seed demo data on first start             LAMPHOUSE_DEMO=1
  --init-admin EMAIL   Create this admin on first start          LAMPHOUSE_INIT_ADMIN
                       (password from LAMPHOUSE_ADMIN_PASSWORD, else asked on the terminal;
                       at least 12 characters, not the email, not a common password)
  --jwt-secret SECRET  Token signing secret (default: generated  LAMPHOUSE_JWT_SECRET
                       once into <data-dir>/jwt-secret)
  --compact-before N   Admin action, does not start the hub: remove change-log entries
                       with a version below N (the sync feed and audit trail), after
                       appending them to <data-dir>/audit-archive-<from>-<to>.jsonl.
                       Consoles with an older cursor then get a fresh bootstrap.
  --verify-audit       Admin action, does not start the hub: check that no change-log
                       entry was edited or deleted behind the hub's back (the hash chain,
                       keyed by <data-dir>/audit-key). Exit code 0 intact, 1 broken.
  --help               Show this help
`;

type Env = Readonly<Record<string, string | undefined>>;

function truthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

function parsePort(text: string, source: string): number {
  const trimmed = text.trim();
  const port = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || port > 65535) throw new StartupError(`${source} must be a port number from 0 to 65535, not "${text}"`);
  return port;
}

export function parseHubCliOptions(argv: readonly string[], env: Env): HubCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        demo: { type: 'boolean' },
        'init-admin': { type: 'string' },
        'jwt-secret': { type: 'string' },
        'compact-before': { type: 'string' },
        'verify-audit': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs messages are clear but multi-line with hints; keep the first line.
    const first = (error as Error).message.split('\n')[0] ?? 'invalid option';
    throw new StartupError(`${first.replace(/\.$/, '')} (see --help)`);
  }
  const portText = values.port ?? env.LAMPHOUSE_HUB_PORT;
  const dataDir = values['data-dir'] ?? env.LAMPHOUSE_DATA_DIR ?? './.data/hub';
  const host = values.host ?? env.LAMPHOUSE_HUB_HOST ?? '127.0.0.1';
  if (!dataDir.trim()) throw new StartupError('--data-dir must not be empty');
  if (!host.trim()) throw new StartupError('--host must not be empty');
  const initAdmin = values['init-admin'] ?? env.LAMPHOUSE_INIT_ADMIN ?? null;
  const compactText = values['compact-before'];
  if (compactText !== undefined && !/^[1-9]\d*$/.test(compactText.trim())) throw new StartupError(`--compact-before must be a positive version number, not "${compactText}"`);
  return {
    help: values.help ?? false,
    dataDir,
    port: portText === undefined ? 4010 : parsePort(portText, values.port !== undefined ? '--port' : 'LAMPHOUSE_HUB_PORT'),
    host,
    demo: values.demo ?? truthy(env.LAMPHOUSE_DEMO),
    initAdminEmail: initAdmin && initAdmin.trim() ? initAdmin.trim() : null,
    jwtSecret: values['jwt-secret'] ?? env.LAMPHOUSE_JWT_SECRET,
    compactBefore: compactText === undefined ? null : Number(compactText.trim()),
    verifyAudit: values['verify-audit'] ?? false,
  };
}
