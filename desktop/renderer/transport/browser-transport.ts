// Browser shell transport: the shell serves this app at http://127.0.0.1:<port>/?token=… and
// carries the ConsoleApi over a loopback WebSocket guarded by that per-launch token.
import { AppError } from '../../../shared/errors.js';
import { SHELL_API_PATH, SHELL_EXPORTS_PATH, SHELL_TOKEN_PARAM, type CallEnvelope, type CoreToWindowMessage } from '../../../shared/ipc.js';
import { CORE_UNREACHABLE_MESSAGE, type LinkAwareTransport, type LinkState } from './link.js';

/** sessionStorage key: the token survives a reload of this tab but not a new tab or launch. */
export const TOKEN_STORAGE_KEY = 'lamphouse.shellToken';

export type ShellLocation = Readonly<{ protocol: string; host: string; pathname: string; search: string; hash: string }>;
type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Reads the launch token from the URL (keeping it in sessionStorage) and removes it from the
 * visible address, so it does not end up in screenshots, history or bookmarks.
 */
export function takeShellToken(location: ShellLocation, storage: TokenStorage, replaceUrl: (url: string) => void): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get(SHELL_TOKEN_PARAM);
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    params.delete(SHELL_TOKEN_PARAM);
    const rest = params.toString();
    replaceUrl(`${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromUrl;
  }
  const stored = storage.getItem(TOKEN_STORAGE_KEY);
  return stored || null;
}

/** The launch token this tab keeps (browser shell only; null in Electron or a tab opened without it). */
export function storedShellToken(storage: Pick<Storage, 'getItem'>): string | null {
  return storage.getItem(TOKEN_STORAGE_KEY) || null;
}

/** Where the browser shell serves a file the core exported (same per-launch token as the API). */
export function shellExportUrl(fileName: string, token: string): string {
  return `${SHELL_EXPORTS_PATH}${encodeURIComponent(fileName)}?${SHELL_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

export function shellSocketUrl(location: ShellLocation, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${SHELL_API_PATH}?${SHELL_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/** The part of the DOM WebSocket this transport uses (a seam for tests). */
export type SocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
};

const SOCKET_OPEN = 1;

export type BrowserTransportOptions = Readonly<{
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Delay before each reconnect attempt; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /** How long a call waits for the link before failing with "Console core unreachable". */
  readyTimeoutMs?: number;
}>;

function isCoreMessage(value: unknown): value is CoreToWindowMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { kind?: unknown; id?: unknown; ok?: unknown; name?: unknown };
  if (m.kind === 'reply') return typeof m.id === 'number' && typeof m.ok === 'boolean';
  if (m.kind === 'event') return typeof m.name === 'string';
  return false;
}

export function createBrowserTransport(options: BrowserTransportOptions): LinkAwareTransport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const delays = options.retryDelaysMs?.length ? options.retryDelaysMs : [250, 500, 1000, 2000, 4000];
  const readyTimeoutMs = options.readyTimeoutMs ?? 8000;

  const messageListeners = new Set<(message: CoreToWindowMessage) => void>();
  const linkListeners = new Set<(state: LinkState) => void>();
  let waiters: { resolve: () => void; reject: (e: AppError) => void; timer: ReturnType<typeof setTimeout> }[] = [];
  let socket: SocketLike | null = null;
  let state: LinkState = 'connecting';
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setState = (next: LinkState) => {
    if (next === state) return;
    state = next;
    for (const l of [...linkListeners]) l(next);
  };

  const connect = () => {
    if (closed) return;
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      setState('up');
      const ready = waiters;
      waiters = [];
      for (const w of ready) {
        clearTimeout(w.timer);
        w.resolve();
      }
    };
    ws.onmessage = (event) => {
      if (socket !== ws || typeof event.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!isCoreMessage(parsed)) return;
      for (const l of [...messageListeners]) l(parsed);
    };
    // onerror is always followed by onclose; reconnecting there once is enough.
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      setState('down');
      if (closed) return;
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
      attempt += 1;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        connect();
      }, delay);
    };
  };

  connect();

  return {
    send(message: CallEnvelope) {
      if (!socket || socket.readyState !== SOCKET_OPEN) throw new AppError('UNAVAILABLE', CORE_UNREACHABLE_MESSAGE);
      socket.send(JSON.stringify(message));
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => {
        messageListeners.delete(listener);
      };
    },
    ready() {
      if (state === 'up') return Promise.resolve();
      if (closed) return Promise.reject(new AppError('UNAVAILABLE', CORE_UNREACHABLE_MESSAGE));
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters = waiters.filter((w) => w !== waiter);
            reject(new AppError('UNAVAILABLE', CORE_UNREACHABLE_MESSAGE));
          }, readyTimeoutMs),
        };
        waiters.push(waiter);
      });
    },
    onLinkChange(listener) {
      linkListeners.add(listener);
      return () => {
        linkListeners.delete(listener);
      };
    },
    linkState: () => state,
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'window closed');
      setState('down');
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.reject(new AppError('UNAVAILABLE', CORE_UNREACHABLE_MESSAGE));
      }
      waiters = [];
    },
  };
}
