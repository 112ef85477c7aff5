// Fans core events out to every window. `data.changed` is coalesced to at most one per frame
// (~16 ms) with the union of the changed entities, so a burst of writes is one invalidation. The
// first change after a quiet frame goes out on the next turn of the event loop (leading edge): a
// lone change from another console must not wait a frame to show, and the reply to the call that
// made the change (sent when its handler's promise settles) leaves first, so a window sees its write
// answered before it starts refetching what the write invalidated.
import type { ConsoleEventName, ConsoleEvents } from '../../../shared/console-api.js';
import type { EventEnvelope } from '../../../shared/ipc.js';
import type { EntityName } from '../../../shared/sync/entities.js';
import type { Logger } from './logger.js';

export const DATA_CHANGED_DEBOUNCE_MS = 16;

export type EventHub = Readonly<{
  emit<E extends ConsoleEventName>(name: E, payload: ConsoleEvents[E]): void;
  dataChanged(entities: readonly EntityName[]): void;
  subscribe(listener: (event: EventEnvelope) => void): () => void;
  /** Sends any coalesced data.changed now (on close). */
  flush(): void;
}>;

export function createEventHub(logger: Logger): EventHub {
  const listeners = new Set<(event: EventEnvelope) => void>();
  let pending = new Set<EntityName>();
  let timer: NodeJS.Timeout | null = null;
  let turnQueued = false;
  let lastEmitAt = Number.NEGATIVE_INFINITY;

  function deliver(event: EventEnvelope): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error('event listener failed', error);
      }
    }
  }

  function emit<E extends ConsoleEventName>(name: E, payload: ConsoleEvents[E]): void {
    deliver({ kind: 'event', name, payload } as EventEnvelope);
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.size === 0) return;
    const entities = [...pending];
    pending = new Set();
    lastEmitAt = performance.now();
    emit('data.changed', { entities });
  }

  return {
    emit,
    dataChanged(entities) {
      for (const e of entities) pending.add(e);
      if (timer || turnQueued) return;
      const wait = lastEmitAt + DATA_CHANGED_DEBOUNCE_MS - performance.now();
      if (wait > 0) {
        timer = setTimeout(flush, wait);
        return;
      }
      // Still one event for the writes of this same turn of the event loop.
      turnQueued = true;
      setImmediate(() => {
        turnQueued = false;
        if (!timer) flush();
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
  };
}
