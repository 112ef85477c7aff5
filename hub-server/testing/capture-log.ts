// Test helper: a hub logger that keeps every line as the stderr logger would write it.
import type { HubLogger, LogFields } from '../logger.js';

export type CapturedLog = { log: HubLogger; lines: string[] };

export function createCaptureLogger(): CapturedLog {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: LogFields) => void lines.push(JSON.stringify({ level, msg: message, ...fields }));
  return { lines, log: { info: write('info'), warn: write('warn'), error: write('error') } };
}
