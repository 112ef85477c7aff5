import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventHub, DATA_CHANGED_DEBOUNCE_MS } from './event-hub.js';
import { silentLogger } from './logger.js';
import type { EventEnvelope } from '../../../shared/ipc.js';

describe('event hub', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function collect() {
    const hub = createEventHub(silentLogger);
    const events: EventEnvelope[] = [];
    hub.subscribe((e) => events.push(e));
    return { hub, events };
  }

  it('sends the first change after a quiet frame at once, as one event for one turn', async () => {
    const { hub, events } = collect();
    hub.dataChanged(['cases']);
    hub.dataChanged(['projectors']);
    await Promise.resolve();
    expect(events).toEqual([{ kind: 'event', name: 'data.changed', payload: { entities: ['cases', 'projectors'] } }]);
  });

  it('coalesces a burst into at most one more event per frame', async () => {
    vi.useFakeTimers();
    const { hub, events } = collect();
    hub.dataChanged(['cases']);
    await Promise.resolve();
    for (let i = 0; i < 50; i++) hub.dataChanged(i % 2 ? ['cases'] : ['conflicts']);
    expect(events).toHaveLength(1);
    vi.advanceTimersByTime(DATA_CHANGED_DEBOUNCE_MS);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({ kind: 'event', name: 'data.changed', payload: { entities: ['conflicts', 'cases'] } });
  });
});
