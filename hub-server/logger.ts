// The hub's log seam: structured lines on stderr by default, silent in tests. Kept tiny so pino
// can replace it without touching callers.
export type LogFields = Readonly<Record<string, unknown>>;
export type HubLogger = Readonly<{
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}>;

function line(level: string, message: string, fields?: LogFields): string {
  return JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields });
}

export function createStderrLogger(stream: NodeJS.WritableStream = process.stderr): HubLogger {
  return {
    info: (message, fields) => void stream.write(`${line('info', message, fields)}\n`),
    warn: (message, fields) => void stream.write(`${line('warn', message, fields)}\n`),
    error: (message, fields) => void stream.write(`${line('error', message, fields)}\n`),
  };
}

export const silentLogger: HubLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Describes an unexpected error for the log (never for a client). */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) return { error: error.message, stack: error.stack };
  return { error: String(error) };
}
