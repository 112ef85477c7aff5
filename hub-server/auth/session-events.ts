// Announcements from auth and the admin commands to the live sync sockets: a session ended (close
// 4003, sign out) or a user's view changed (close 4009, reconnect for a fresh bootstrap). In one
// process a plain listener set; a scaled-out hub would carry these over its notify channel.
export type SessionEvents = Readonly<{
  sessionsRevoked(sessionIds: readonly string[]): void;
  viewChanged(userId: string): void;
  onSessionRevoked(listener: (sessionId: string) => void): () => void;
  onViewChanged(listener: (userId: string) => void): () => void;
}>;

export function createSessionEvents(): SessionEvents {
  const revoked = new Set<(sessionId: string) => void>();
  const views = new Set<(userId: string) => void>();
  return {
    sessionsRevoked(ids) {
      for (const id of ids) revoked.forEach((listener) => listener(id));
    },
    viewChanged(userId) {
      views.forEach((listener) => listener(userId));
    },
    onSessionRevoked(listener) {
      revoked.add(listener);
      return () => revoked.delete(listener);
    },
    onViewChanged(listener) {
      views.add(listener);
      return () => views.delete(listener);
    },
  };
}
