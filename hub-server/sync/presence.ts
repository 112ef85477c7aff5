// Presence relay: who is on the assignment board and who is editing which case, kept in memory per
// sync session (never stored) and sent to every live session as the OTHER users' entries it may
// see: board presence only to managers and admins, an edited case only to those who may see that
// case. Changes are coalesced into one pass; a session gets a frame only when its view changed
// (and once when it goes live), and its user's entry goes when the socket closes.
import type { CaseRow, PublicUser } from '../../shared/domain.js';
import type { PresenceEntry } from '../../shared/sync/protocol.js';
import { isCaseVisible } from '../../shared/sync/visibility.js';
import type { HubRepository } from '../db/repository.js';
import { errorFields, type HubLogger } from '../logger.js';

export type PresenceTarget = {
  readonly live: boolean;
  /** The signed-in user of the session (null before hello). */
  readonly presenceUser: PublicUser | null;
  sendPresence(others: readonly PresenceEntry[]): void;
};

type SessionPresence = Readonly<{ user: PublicUser; board: boolean; editingCaseId: string | null; at: number }>;
type CaseView = Readonly<{ row: Pick<CaseRow, 'assigneeId'>; region: string | null }>;

const seesBoard = (user: PublicUser) => user.role === 'manager' || user.role === 'admin';

export class PresenceRelay {
  private readonly states = new Map<PresenceTarget, SessionPresence>();
  private readonly lastSent = new WeakMap<PresenceTarget, string>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private counter = 0;

  constructor(
    private readonly repo: HubRepository,
    private readonly targets: () => Iterable<PresenceTarget>,
    private readonly log: HubLogger,
  ) {}

  /** A session says where its user is now. */
  set(target: PresenceTarget, user: PublicUser, board: boolean, editingCaseId: string | null): void {
    this.states.set(target, { user, board, editingCaseId, at: ++this.counter });
    this.schedule();
  }

  /** The session went live: it gets the current presence once, even when nobody else is there. */
  wentLive(target: PresenceTarget): void {
    this.lastSent.delete(target);
    this.schedule();
  }

  /** The socket closed: its user's entry goes (unless another of their sessions still says otherwise). */
  remove(target: PresenceTarget): void {
    this.lastSent.delete(target);
    if (this.states.delete(target)) this.schedule();
  }

  /** No more passes (the hub is shutting down); resolves once the current one is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.settled();
  }

  /** Resolves once every pass asked for so far has run (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      // One pass for every change made in this turn of the event loop.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.stopped) return;
      do {
        this.again = false;
        try {
          await this.broadcast();
        } catch (error) {
          this.log.error('Presence relay failed', errorFields(error));
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  /** One entry per user: on the board from any session, editing what their latest editing session says. */
  private entries(): PresenceEntry[] {
    const byUser = new Map<string, { user: PublicUser; board: boolean; editingCaseId: string | null; editedAt: number }>();
    for (const state of this.states.values()) {
      const merged = byUser.get(state.user.id) ?? { user: state.user, board: false, editingCaseId: null, editedAt: 0 };
      merged.board ||= state.board;
      if (state.editingCaseId !== null && state.at > merged.editedAt) {
        merged.editingCaseId = state.editingCaseId;
        merged.editedAt = state.at;
      }
      byUser.set(state.user.id, merged);
    }
    return [...byUser.values()]
      .filter((m) => m.board || m.editingCaseId !== null)
      .map((m) => ({ userId: m.user.id, name: m.user.name, board: m.board, editingCaseId: m.editingCaseId }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.userId < b.userId ? -1 : 1));
  }

  private async broadcast(): Promise<void> {
    const entries = this.entries();
    const caseIds = [...new Set(entries.map((e) => e.editingCaseId).filter((id): id is string => id !== null))];
    const cases = new Map<string, CaseView | null>();
    if (caseIds.length > 0) {
      await this.repo.read(async (tx) => {
        for (const id of caseIds) {
          const row = await tx.getCase(id);
          const region = row?.siteId ? ((await tx.getSite(row.siteId))?.region ?? null) : null;
          cases.set(id, row ? { row, region } : null);
        }
      });
    }
    for (const target of this.targets()) {
      const viewer = target.presenceUser;
      if (!target.live || !viewer) continue;
      const others: PresenceEntry[] = [];
      for (const entry of entries) {
        if (entry.userId === viewer.id) continue;
        const board = entry.board && seesBoard(viewer);
        const view = entry.editingCaseId ? cases.get(entry.editingCaseId) : null;
        const editingCaseId = view && entry.editingCaseId && isCaseVisible(viewer, view.row, view.region) ? entry.editingCaseId : null;
        if (board || editingCaseId) others.push({ ...entry, board, editingCaseId });
      }
      const json = JSON.stringify(others);
      if (this.lastSent.get(target) === json) continue;
      this.lastSent.set(target, json);
      target.sendPresence(others);
    }
  }
}
