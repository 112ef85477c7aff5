// Reading client frames and shaping server frames: bytes → validated ClientMessage or a
// BAD_REQUEST body, and change-log entries → the `Change` objects clients receive.
import type { RawData } from 'ws';
import type { ErrorBody } from '../../shared/errors.js';
import { validationError } from '../../shared/errors.js';
import type { AnyEntityRow } from '../../shared/sync/entities.js';
import { SYNC_PROTOCOL_VERSION, clientMessageSchema, type Change, type ClientMessage } from '../../shared/sync/protocol.js';
import type { ChangeLogEntry } from '../db/repository.js';

export type ParsedFrame =
  | Readonly<{ kind: 'message'; message: ClientMessage }>
  | Readonly<{ kind: 'bad'; error: ErrorBody }>
  | Readonly<{ kind: 'protocol'; error: ErrorBody }>;

function toText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export function parseClientFrame(data: RawData, isBinary: boolean): ParsedFrame {
  if (isBinary) return { kind: 'bad', error: { code: 'BAD_REQUEST', message: 'Frames must be JSON text, not binary.' } };
  let json: unknown;
  try {
    json = JSON.parse(toText(data));
  } catch {
    return { kind: 'bad', error: { code: 'BAD_REQUEST', message: 'The frame is not valid JSON.' } };
  }
  const candidate = json as { type?: unknown; protocol?: unknown } | null;
  if (candidate && typeof candidate === 'object' && candidate.type === 'hello' && candidate.protocol !== SYNC_PROTOCOL_VERSION) {
    return { kind: 'protocol', error: { code: 'BAD_REQUEST', message: `This hub speaks sync protocol ${SYNC_PROTOCOL_VERSION}. Update the console.` } };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (!parsed.success) {
    const details = validationError(parsed.error.issues).details;
    return { kind: 'bad', error: { code: 'BAD_REQUEST', message: 'Unknown or invalid frame.', ...(details ? { details } : {}) } };
  }
  return { kind: 'message', message: parsed.data };
}

export function toChange(entry: ChangeLogEntry): Change {
  const base = { version: entry.version, entity: entry.entity, id: entry.entityId, op: entry.op };
  return entry.op === 'put' ? { ...base, row: entry.after as AnyEntityRow } : base;
}
