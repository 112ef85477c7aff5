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

  it('sends the first change after a quiet frame on the next turn, as one event for one turn', async () => {
    const { hub, events } = collect();
    hub.dataChanged(['cases']);
    hub.dataChanged(['projectors']);
    // A reply settled in this turn's microtasks goes out before the change it caused.
    await Promise.resolve();
    expect(events).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([{ kind: 'event', name: 'data.changed', payload: { entities: ['cases', 'projectors'] } }]);
  });

  it('coalesces a burst into at most one more event per frame', async () => {
    vi.useFakeTimers();
    const { hub, events } = collect();
    hub.dataChanged(['cases']);
    vi.runAllTicks();
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toHaveLength(1);
    for (let i = 0; i < 50; i++) hub.dataChanged(i % 2 ? ['cases'] : ['conflicts']);
    expect(events).toHaveLength(1);
    vi.advanceTimersByTime(DATA_CHANGED_DEBOUNCE_MS);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({ kind: 'event', name: 'data.changed', payload: { entities: ['conflicts', 'cases'] } });
  });
});
