import { describe, it, expect } from 'vitest';
import { findPreloadBridge } from './electron-transport.js';

describe('findPreloadBridge', () => {
  it('finds a bridge with send and onMessage under the preload key', () => {
    const bridge = { send: () => {}, onMessage: () => () => {} };
    expect(findPreloadBridge({ lamphouse: bridge })).toBe(bridge);
  });

  it('ignores a missing or malformed bridge (browser shell)', () => {
    expect(findPreloadBridge({})).toBeNull();
    expect(findPreloadBridge({ lamphouse: { send: 1 } })).toBeNull();
    expect(findPreloadBridge({ lamphouse: null })).toBeNull();
  });
});
