// The browser shell: serves the built renderer on 127.0.0.1 and carries the ConsoleApi over a
// loopback WebSocket guarded by a per-launch token and an Origin check. One socket is one window.
// Files the core exported (xlsx, saved attachments) are downloaded from SHELL_EXPORTS_PATH with the
// same token; workbooks to import are POSTed raw to SHELL_IMPORTS_UPLOAD_PATH, also with the token.
import { consoleCsp } from './csp.js';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AppError, HTTP_STATUS_BY_CODE, toErrorBody } from '../../../shared/errors.js';
import { IMPORT_UPLOAD_MAX_BYTES, SHELL_API_PATH, SHELL_EXPORTS_PATH, SHELL_IMPORTS_UPLOAD_PATH, SHELL_TOKEN_PARAM, type CoreToWindowMessage } from '../../../shared/ipc.js';
import type { ConsoleCore } from '../core/console-core-types.js';
import { createCoreBridge, type BridgeLogger, type CallTimingSink, type WindowPort } from './core-bridge.js';

export type BrowserShellOptions = Readonly<{
  core: ConsoleCore;
  /** Folder holding the built renderer (index.html and assets/). */
  staticDir: string;
  /** 0 picks any free port. */
  port: number;
  /** Loopback only: the token is the only other guard, so the shell never listens elsewhere. */
  host?: '127.0.0.1';
  logger?: BridgeLogger;
  /** Largest import upload accepted (tests lower it). */
  maxUploadBytes?: number;
  /** Told when each call arrived and was answered (diagnostics, benchmarks). */
  callTimings?: CallTimingSink;
}>;

export type BrowserShell = Readonly<{
  /** Address to open in a browser, token included. */
  url: string;
  token: string;
  port: number;
  /** Closes every window socket and the server. The core is left open for its owner to close. */
  close(): Promise<void>;
}>;

/** Largest frame a window may send; calls are small, and this bounds memory per socket. */
export const MAX_FRAME_BYTES = 1024 * 1024;

const CLOSE_GRACE_MS = 1000;

/**
 * The only names served from the exports folder (audit xlsx, saved email attachments): a plain file
 * name of letters, digits, dot, dash and underscore starting with a letter or digit: no separators,
 * no hidden files, no `%`-tricks. A `.part` file is an unfinished write and never served.
 */
export const EXPORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const UNFINISHED = /\.part$/i;

/**
 * Content types for exported files. Attachments come from strangers, so only types a browser will
 * not run are named; anything else (html, svg, js, ...) goes out as octet-stream. Every export is
 * sent as an attachment with nosniff, so none is rendered in the console's origin.
 */
const EXPORT_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lamphouse: renderer not built</title></head>
<body><h1>Lamphouse console</h1><p>renderer not built: run npm run build:renderer</p></body></html>
`;

export function contentSecurityPolicy(port: number): string {
  return consoleCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}

function tokensEqual(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; the length of a random token is not a secret.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Resolves a URL path to a file inside root, or null when it escapes root or cannot be decoded. */
function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const target = path.resolve(root, `.${path.sep}${decoded}`);
  return target === root || target.startsWith(root + path.sep) ? target : null;
}

function rejectUpgrade(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`);
  socket.destroy();
}

function socketPort(socket: WebSocket): WindowPort {
  return {
    postMessage(message: CoreToWindowMessage) {
      // Encoded once here: given a string, ws would scan it for its byte length and then encode it
      // again while writing (a 2 MB board is then three passes instead of two). Still a text frame.
      if (socket.readyState === socket.OPEN) socket.send(Buffer.from(JSON.stringify(message), 'utf8'), { binary: false });
    },
    onMessage(listener) {
      socket.on('message', (data: RawData, isBinary: boolean) => {
        if (isBinary) {
          listener(undefined);
          return;
        }
        const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
        const text = bytes.toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON: the bridge drops what it cannot answer.
          parsed = text;
        }
        listener(parsed);
      });
    },
    onClose(listener) {
      socket.on('close', listener);
    },
  };
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const { core, port: requestedPort } = options;
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? {
    warn: (message: string) => console.warn(`[browser-shell] ${message}`),
    error: (message: string, error: unknown) => console.error(`[browser-shell] ${message}`, error),
  };
  const staticDir = path.resolve(options.staticDir);
  const token = randomBytes(32).toString('base64url');
  const bridge = createCoreBridge(core, logger, options.callTimings);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let port = requestedPort;

  const allowedOrigins = (): ReadonlySet<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const allowedHosts = (): ReadonlySet<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  function baseHeaders(): Record<string, string> {
    return {
      'Content-Security-Policy': contentSecurityPolicy(port),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    };
  }

  function sendText(res: http.ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
    res.writeHead(status, { ...baseHeaders(), 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...extra });
    res.end(body);
  }

  /**
   * An exported file (xlsx, saved attachment), as an attachment. Unlike the renderer's files these hold the organisation's
   * data, so the per-launch token is required; any name outside EXPORT_NAME, or a file that is not
   * (really) inside the folder, is a plain 404.
   */
  async function serveExport(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string): Promise<void> {
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    if (!tokensEqual(query.get(SHELL_TOKEN_PARAM), token)) {
      sendText(res, 401, 'Unauthorized');
      return;
    }
    let name: string;
    try {
      // The raw path, not a URL-normalised one: `..` segments must reach the name check, not vanish.
      name = decodeURIComponent(rawPath.slice(SHELL_EXPORTS_PATH.length));
    } catch {
      sendText(res, 404, 'Not Found');
      return;
    }
    if (!EXPORT_NAME.test(name) || UNFINISHED.test(name)) {
      sendText(res, 404, 'Not Found');
      return;
    }
    const root = path.resolve(core.exportsDir);
    let realFile: string;
    let size: number;
    try {
      const realRoot = await fs.promises.realpath(root);
      realFile = await fs.promises.realpath(path.join(root, name));
      if (path.dirname(realFile) !== realRoot) throw new Error('outside');
      const stat = await fs.promises.stat(realFile);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      sendText(res, 404, 'Not Found');
      return;
    }
    res.writeHead(200, {
      ...baseHeaders(),
      'Content-Type': EXPORT_CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      // The name matched EXPORT_NAME, so it needs no quoting beyond the plain quotes.
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(realFile);
    stream.on('error', (error) => {
      logger.error(`failed to read ${realFile}`, error);
      res.destroy();
    });
    stream.pipe(res);
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown, close = false): void {
    sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8', close ? { Connection: 'close' } : {});
  }

  /**
   * A workbook to import, as the raw request body: streamed into the core's imports folder (never
   * held in memory), refused with 413 past the size limit and 400 with the reason when it is not a
   * workbook. Answers `{ok:true, value: ImportFileRef}` or the usual `{ok:false, error}`.
   */
  async function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    if (!tokensEqual(query.get(SHELL_TOKEN_PARAM), token)) {
      req.resume();
      sendJson(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'This upload does not carry the console\'s token.' } }, true);
      return;
    }
    // Only the console's own pages post here (the token already says so; a browser adds Origin to every POST).
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      req.resume();
      sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'Uploads are accepted from the console only.' } }, true);
      return;
    }
    const maxBytes = options.maxUploadBytes ?? IMPORT_UPLOAD_MAX_BYTES;
    const tooLarge = new AppError('PAYLOAD_TOO_LARGE', `The workbook is larger than ${Math.round(maxBytes / (1024 * 1024))} MB. Split it into smaller files.`, { maxBytes });
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      // Not read at all: the connection closes after the answer.
      sendJson(res, 413, { ok: false, error: tooLarge.toBody() }, true);
      req.destroy();
      return;
    }
    try {
      const ref = await core.importFiles.receive(req, query.get('name') ?? 'workbook.xlsx', maxBytes);
      sendJson(res, 200, { ok: true, value: ref });
    } catch (error) {
      if (!(error instanceof AppError)) logger.error('an import upload failed', error);
      const body = toErrorBody(error);
      // A file that is not a workbook is a bad request, whatever code the check gave it.
      const status = body.code === 'VALIDATION' ? 400 : HTTP_STATUS_BY_CODE[body.code];
      sendJson(res, status, { ok: false, error: body }, body.code === 'PAYLOAD_TOO_LARGE');
      if (body.code === 'PAYLOAD_TOO_LARGE') req.destroy();
    }
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // A page from another site that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host.
    if (!allowedHosts().has(req.headers.host ?? '')) {
      sendText(res, 403, 'Forbidden');
      return;
    }
    if ((req.url ?? '/').split('?')[0] === SHELL_IMPORTS_UPLOAD_PATH) {
      if (req.method !== 'POST') {
        sendText(res, 405, 'Method Not Allowed', undefined, { Allow: 'POST' });
        return;
      }
      await receiveUpload(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method Not Allowed', undefined, { Allow: 'GET, HEAD' });
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    if (rawPath.startsWith(SHELL_EXPORTS_PATH)) {
      await serveExport(req, res, rawPath);
      return;
    }
    const urlPath = rawPath === '/' ? '/index.html' : rawPath;
    const file = resolveInside(staticDir, urlPath);
    if (file === null) {
      sendText(res, 404, 'Not Found');
      return;
    }
    const isIndex = file === path.join(staticDir, 'index.html');
    let realFile: string;
    let size: number;
    try {
      realFile = await fs.promises.realpath(file);
      const realRoot = await fs.promises.realpath(staticDir);
      // A symlink inside staticDir must not lead outside it either.
      if (!realFile.startsWith(realRoot + path.sep)) throw new Error('outside');
      const stat = await fs.promises.stat(realFile);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      if (isIndex) sendText(res, 503, NOT_BUILT_PAGE, 'text/html; charset=utf-8');
      else sendText(res, 404, 'Not Found');
      return;
    }
    const contentType = CONTENT_TYPES[path.extname(realFile).toLowerCase()] ?? 'application/octet-stream';
    // index.html names the hashed assets of the current build, so it must never be cached.
    const cache = isIndex ? 'no-store' : 'no-cache';
    res.writeHead(200, { ...baseHeaders(), 'Content-Type': contentType, 'Content-Length': size, 'Cache-Control': cache });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(realFile);
    stream.on('error', (error) => {
      logger.error(`failed to read ${realFile}`, error);
      res.destroy();
    });
    stream.pipe(res);
  }

  const server = http.createServer((req, res) => {
    serveStatic(req, res).catch((error: unknown) => {
      logger.error('failed to serve a request', error);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://${host}:${port}`);
    if (url.pathname !== SHELL_API_PATH) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    if (!tokensEqual(url.searchParams.get(SHELL_TOKEN_PARAM), token)) {
      rejectUpgrade(socket, 401, 'Unauthorized');
      return;
    }
    // Browsers always send Origin on WebSocket handshakes; another site's page (or none) is refused.
    if (!allowedOrigins().has(req.headers.origin ?? '') || !allowedHosts().has(req.headers.host ?? '')) {
      rejectUpgrade(socket, 403, 'Forbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (error) => logger.warn(`window socket error: ${error.message}`));
      bridge.connect(socketPort(ws));
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.once('error', onError);
      server.listen(requestedPort, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
  } catch (error) {
    bridge.close();
    wss.close();
    throw error;
  }
  server.on('error', (error) => logger.error('server error', error));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The browser shell server has no TCP address.');
  port = address.port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?${SHELL_TOKEN_PARAM}=${token}`,
    token,
    port,
    close() {
      closing ??= (async () => {
        bridge.close();
        for (const client of wss.clients) client.close(1001, 'console shutting down');
        const wssClosed = new Promise<void>((resolve) => wss.close(() => resolve()));
        // A window that does not answer the closing handshake quickly is cut rather than waited for.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([wssClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
        clearTimeout(timer);
        for (const client of wss.clients) client.terminate();
        await wssClosed;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
