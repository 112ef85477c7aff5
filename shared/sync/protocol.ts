// Messages on the hub's /sync WebSocket. Every frame is one JSON object with a `type`.
// Client → hub frames are validated with these schemas; a bad frame gets an `error` frame and the
// connection stays open.
import { z } from 'zod';
import type { ErrorBody } from '../errors.js';
import type { PublicUser } from '../domain.js';
import { mutationSchema } from './mutations.js';
import { ENTITIES, type AnyEntityRow, type EntityName } from './entities.js';

export const SYNC_PROTOCOL_VERSION = 1;
/** Largest frame the hub accepts from a client. */
export const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;
/** Rows per bootstrap frame: large enough to be quick, small enough to keep frames modest. */
export const BOOTSTRAP_CHUNK_ROWS = 2000;

export const cursorSchema = z.object({ epoch: z.string().min(1).max(64), version: z.number().int().nonnegative() });
export type Cursor = Readonly<z.infer<typeof cursorSchema>>;

const clientIdSchema = z.string().min(8).max(64).regex(/^[A-Za-z0-9-]+$/);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    protocol: z.literal(SYNC_PROTOCOL_VERSION),
    token: z.string().min(1).max(4096),
    clientId: clientIdSchema,
    clientGroupId: clientIdSchema,
    cursor: cursorSchema.nullable(),
  }),
  /** A fresh access token for a live connection (sent after each refresh). */
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('push'), mutations: z.array(mutationSchema).min(1).max(500) }),
  z.object({ type: z.literal('ping'), ref: z.number().int().optional() }),
  /** Where this console's user is looking (the board) and which case they are editing: ephemeral. */
  z.object({ type: z.literal('presence'), board: z.boolean(), editingCaseId: z.uuid().nullable() }),
]);

/** Who else is on the board or editing which case (never stored; relayed to the others). */
export type PresenceEntry = Readonly<{ userId: string; name: string; board: boolean; editingCaseId: string | null }>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/**
 * One row change as a console receives it. Several changes may share a version: a change can move
 * other rows out of or into a user's sync groups (a reassigned case takes the site and projector it
 * referenced out of the old FSE's view), and those arrive as `del`/`put` at the same version.
 */
export type Change = Readonly<{
  version: number;
  entity: EntityName;
  id: string;
  op: 'put' | 'del';
  /** The full row after the change (for `put`). */
  row?: AnyEntityRow;
}>;

export type MutationResult =
  | Readonly<{ mutationId: number; ok: true; result: unknown }>
  | Readonly<{ mutationId: number; ok: false; error: ErrorBody }>;

export type ServerMessage =
  | Readonly<{ type: 'welcome'; user: PublicUser; epoch: string; version: number; lastMutationId: number }>
  | Readonly<{ type: 'bootstrap-begin'; epoch: string; version: number; total: number }>
  | Readonly<{ type: 'bootstrap-rows'; entity: EntityName; rows: readonly AnyEntityRow[]; sent: number; total: number }>
  | Readonly<{ type: 'bootstrap-end'; cursor: Cursor }>
  | Readonly<{ type: 'changes'; changes: readonly Change[]; cursor: Cursor }>
  | Readonly<{ type: 'push-result'; results: readonly MutationResult[]; lastMutationId: number }>
  | Readonly<{ type: 'pong'; ref?: number }>
  /** Everyone else connected who is on the board or editing a case, sent whenever it changes. */
  | Readonly<{ type: 'presence'; others: readonly PresenceEntry[] }>
  | Readonly<{ type: 'error'; error: ErrorBody; fatal?: boolean }>;

export const entityNameSchema = z.enum(ENTITIES);

/** WebSocket close codes the hub uses, so a client knows whether to retry or sign out. */
export const SYNC_CLOSE = {
  /** The access token is missing, bad or expired: refresh and reconnect. */
  unauthenticated: 4001,
  /** The session was revoked or the user deactivated: sign out. */
  revoked: 4003,
  /**
   * The user's role or regions changed, so what they may see changed: reconnect at once; the hub
   * answers the old cursor with a fresh bootstrap of the new view.
   */
  viewChanged: 4009,
  /** No hello within the allowed time. */
  helloTimeout: 4008,
  /** Protocol version not supported. */
  protocol: 4010,
} as const;
