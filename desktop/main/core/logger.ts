// The core's logging seam: INTERNAL errors are logged with their stack here, never sent to a window.
export type Logger = Readonly<{
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, error?: unknown): void;
}>;

export const consoleLogger: Logger = {
  info: (message, fields) => console.info(`[core] ${message}`, fields ?? ''),
  warn: (message, fields) => console.warn(`[core] ${message}`, fields ?? ''),
  error: (message, error) => console.error(`[core] ${message}`, error instanceof Error ? error.stack : (error ?? '')),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
