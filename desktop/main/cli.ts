// `npx tsx desktop/main/cli.ts`: starts the Lamphouse console against a hub, in Electron when it is
// installed, else as the browser shell on 127.0.0.1. Every option has an environment variable.
import { loadSession } from './core/session-store.js';
import { normaliseHubUrl } from './core/console-core.js';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isAppError } from '../../shared/errors.js';
import { startBrowserShell, type BrowserShell } from './shell/browser-shell.js';
import type { ConsoleCore } from './core/console-core-types.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const PREFIX = 'lamphouse console: ';
const HUB_CHECK_TIMEOUT_MS = 3000;

export const SHELL_KINDS = ['auto', 'browser', 'electron'] as const;
export type ShellKind = (typeof SHELL_KINDS)[number];

export type CliOptions = Readonly<{
  help: boolean;
  hubUrl: string;
  dataDir: string;
  port: number;
  shell: ShellKind;
  open: boolean;
}>;

export const USAGE = `Usage: npx tsx desktop/main/cli.ts [options]

Starts the Lamphouse console against a hub: in Electron when it is installed, otherwise as a
browser shell on 127.0.0.1. Each option can also be set by the environment variable shown.

Options:
  --hub URL           hub base URL (http or https)        LAMPHOUSE_HUB_URL       default http://127.0.0.1:4010
  --data-dir DIR      folder for the local cache           LAMPHOUSE_DATA_DIR      default ./.data/console
  --port N            browser shell port, 0 = any free     LAMPHOUSE_CONSOLE_PORT  default 4020
  --shell KIND        auto | browser | electron            LAMPHOUSE_SHELL         default auto (Electron if installed)
  --open, --no-open   open the system browser              LAMPHOUSE_OPEN (0 = no) default open when a browser is present
  -h, --help          show this help

Diagnostics: LAMPHOUSE_CALL_TIMINGS=FILE (browser shell) appends one JSON line per call from a
window: method, id, and when it reached the core and was answered (wall-clock milliseconds).
`;

/** A mistake in the options: reported as one line, never with a stack. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

function parsePort(raw: string, source: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new CliUsageError(`${source} must be a whole number from 0 to 65535 (got ${JSON.stringify(raw)})`);
  }
  return Number(raw);
}

function parseHubUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliUsageError(`${source} must be an http(s) URL such as http://127.0.0.1:4010 (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliUsageError(`${source} must be an http(s) URL such as http://127.0.0.1:4010 (got ${JSON.stringify(raw)})`);
  }
  return raw.replace(/\/+$/, '');
}

function parseShell(raw: string, source: string): ShellKind {
  const kind = SHELL_KINDS.find((k) => k === raw);
  if (!kind) throw new CliUsageError(`${source} must be one of ${SHELL_KINDS.join(', ')} (got ${JSON.stringify(raw)})`);
  return kind;
}

/** Reads flags, then environment variables, then defaults. Throws CliUsageError on a bad option. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  let values: { hub?: string; 'data-dir'?: string; port?: string; shell?: string; open?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        hub: { type: 'string' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        shell: { type: 'string' },
        open: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowNegative: true,
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    // parseArgs explains itself in a sentence or two; the first is the useful one.
    const message = error instanceof Error ? (error.message.split(/(?<=\.)\s/)[0] ?? error.message) : String(error);
    throw new CliUsageError(`${message.replace(/\.$/, '')} (see --help)`);
  }
  // Messages name where a bad value came from, so the user fixes the right thing.
  const pick = (flag: string | undefined, flagName: string, envName: string): { raw: string; source: string } | null => {
    if (flag !== undefined) return { raw: flag, source: `--${flagName}` };
    const fromEnv = env[envName];
    return fromEnv !== undefined && fromEnv !== '' ? { raw: fromEnv, source: envName } : null;
  };
  const hub = pick(values.hub, 'hub', 'LAMPHOUSE_HUB_URL');
  const dataDir = pick(values['data-dir'], 'data-dir', 'LAMPHOUSE_DATA_DIR');
  const port = pick(values.port, 'port', 'LAMPHOUSE_CONSOLE_PORT');
  const shell = pick(values.shell, 'shell', 'LAMPHOUSE_SHELL');
  return {
    help: values.help === true,
    hubUrl: hub ? parseHubUrl(hub.raw, hub.source) : 'http://127.0.0.1:4010',
    dataDir: dataDir ? dataDir.raw : './.data/console',
    port: port ? parsePort(port.raw, port.source) : 4020,
    shell: shell ? parseShell(shell.raw, shell.source) : 'auto',
    open: values.open ?? env.LAMPHOUSE_OPEN !== '0',
  };
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET') return 'connection reset';
  if (typeof code === 'string') return error instanceof Error ? `${code}: ${error.message}` : code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Null when GET <hub>/healthz answers like a Lamphouse hub, else the reason in a few words.
 * node:http rather than fetch: fetch refuses some ports outright ("bad port") and hides error codes.
 */
export function checkHub(hubUrl: string, timeoutMs = HUB_CHECK_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (reason: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reason);
    };
    const timer = setTimeout(() => {
      finish(`no answer within ${timeoutMs / 1000} s`);
      request.destroy();
    }, timeoutMs);
    const url = new URL(`${hubUrl}/healthz`);
    const request = (url.protocol === 'https:' ? https : http).get(url, { headers: { accept: 'application/json' }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 64 * 1024) chunks.push(chunk);
      });
      response.on('error', (error) => finish(describeNetworkError(error)));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) {
          finish(`HTTP ${status} from /healthz`);
          return;
        }
        let body: unknown = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // Handled below: not JSON is not a hub.
        }
        const ok = typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === true;
        finish(ok ? null : 'unexpected answer from /healthz: not a Lamphouse hub?');
      });
    });
    request.on('error', (error) => finish(describeNetworkError(error)));
  });
}

/** Path of an installed Electron binary, or null (the package is optional and may lack its binary). */
export function findElectronBinary(): string | null {
  try {
    // The electron package's main export is the path of its downloaded binary; it throws when missing.
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Opens the system browser when one is likely to be there; any failure is ignored. */
function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  let command: string;
  let args: string[];
  if (process.platform === 'darwin') {
    command = 'open';
    args = [url];
  } else if (process.platform === 'win32') {
    command = 'cmd';
    args = ['/c', 'start', '""', url];
  } else {
    if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return;
    command = 'xdg-open';
    args = [url];
  }
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser is fine: the URL is printed.
  }
}

function exitWith(code: number, line?: string): void {
  if (line === undefined) {
    process.exit(code);
    return;
  }
  // Exit only once the line is written: stderr to a pipe may be asynchronous.
  process.stderr.write(`${PREFIX}${line}\n`, () => process.exit(code));
}

function onStopSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(1);
    }
    stopping = true;
    stop().then(
      () => exitWith(0),
      (error: unknown) => {
        console.error(error);
        exitWith(1, 'failed to shut down cleanly');
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

async function runBrowserShell(options: CliOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const { createConsoleCore } = await import('./core/console-core.js');
  let core: ConsoleCore;
  try {
    core = await createConsoleCore({ dataDir, hubUrl: options.hubUrl });
  } catch (error) {
    if (!isAppError(error)) console.error(error);
    exitWith(1, `could not start the console core (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  // LAMPHOUSE_CALL_TIMINGS=<file>: each call's arrival and answer times, one JSON line per call
  // (benchmarks compare them with the page's clock). Written asynchronously: off the calls' path.
  const timingsFile = env.LAMPHOUSE_CALL_TIMINGS ? fs.createWriteStream(path.resolve(env.LAMPHOUSE_CALL_TIMINGS), { flags: 'a' }) : null;
  timingsFile?.on('error', (error) => console.error(`${PREFIX}call timings not written: ${error.message}`));
  let shell: BrowserShell;
  try {
    shell = await startBrowserShell({
      core,
      staticDir: path.join(REPO_ROOT, 'dist', 'renderer'),
      port: options.port,
      host: '127.0.0.1',
      callTimings: timingsFile ? (timing) => timingsFile.write(`${JSON.stringify(timing)}\n`) : undefined,
    });
  } catch (error) {
    await core.close();
    if ((error as { code?: unknown }).code === 'EADDRINUSE') {
      exitWith(2, `port ${options.port} is in use (choose another with --port, or --port 0 for any free port)`);
      return;
    }
    throw error;
  }
  onStopSignal(async () => {
    await shell.close();
    await core.close();
    await new Promise<void>((resolve) => (timingsFile ? timingsFile.end(resolve) : resolve()));
  });
  process.stdout.write(`Console: ${shell.url}\n`);
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'renderer', 'index.html'))) {
    process.stderr.write(`${PREFIX}renderer not built: run npm run build:renderer\n`);
  }
  if (options.open) openBrowser(shell.url, env);
}

function runElectronShell(options: CliOptions, binary: string, env: NodeJS.ProcessEnv): void {
  const main = path.join(REPO_ROOT, 'dist', 'electron', 'main.cjs');
  if (!fs.existsSync(main)) {
    exitWith(2, 'the Electron shell is not built: run npm run build:electron');
    return;
  }
  const dataDir = path.resolve(options.dataDir);
  const child = spawn(binary, [main, '--hub', options.hubUrl, '--data-dir', dataDir], {
    stdio: 'inherit',
    env: { ...env, LAMPHOUSE_HUB_URL: options.hubUrl, LAMPHOUSE_DATA_DIR: dataDir },
  });
  const forward = (signal: NodeJS.Signals): void => {
    // Electron closes the core cleanly on its own quit path; the CLI only passes the signal on.
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (error) => exitWith(1, `could not start Electron (${error.message})`));
  child.on('exit', (code, signal) => exitWith(signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : (code ?? 1)));
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliOptions(argv, env);
  } catch (error) {
    if (error instanceof CliUsageError) {
      exitWith(2, error.message);
      return;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const unreachable = await checkHub(options.hubUrl);
  if (unreachable !== null) {
    // A console that has signed in before works from its cache: start offline and sync later.
    // One that never has cannot do anything useful, so it says why and stops.
    const saved = loadSession(options.dataDir);
    if (!saved || normaliseHubUrl(saved.hubUrl) !== normaliseHubUrl(options.hubUrl)) {
      exitWith(2, `cannot reach the hub at ${options.hubUrl} (${unreachable})`);
      return;
    }
    process.stderr.write(`lamphouse console: cannot reach the hub at ${options.hubUrl} (${unreachable}); starting offline with the saved session of ${saved.user.email}\n`);
  }
  const binary = options.shell === 'browser' ? null : findElectronBinary();
  if (options.shell === 'electron' && binary === null) {
    exitWith(2, 'Electron is not installed here (it is an optional dependency); use --shell browser');
    return;
  }
  if (binary !== null) runElectronShell(options, binary, env);
  else await runBrowserShell(options, env);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && path.resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2), process.env).catch((error: unknown) => {
    console.error(error);
    exitWith(1, `failed to start (${error instanceof Error ? error.message : String(error)})`);
  });
}
