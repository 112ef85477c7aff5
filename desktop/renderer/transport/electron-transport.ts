// Electron transport: the preload exposes `window.lamphouse` (a PreloadBridge) carrying envelopes
// over this window's MessagePort to the core. The port is open before the page runs.
import { PRELOAD_BRIDGE_KEY, type ConsoleTransport, type PreloadBridge } from '../../../shared/ipc.js';

/** The bridge if this page runs inside the Electron shell, else null (browser shell). */
export function findPreloadBridge(host: object): PreloadBridge | null {
  const candidate: unknown = (host as Record<string, unknown>)[PRELOAD_BRIDGE_KEY];
  if (typeof candidate !== 'object' || candidate === null) return null;
  const bridge = candidate as Partial<PreloadBridge>;
  return typeof bridge.send === 'function' && typeof bridge.onMessage === 'function' ? (bridge as PreloadBridge) : null;
}

export function createElectronTransport(bridge: PreloadBridge): ConsoleTransport {
  return {
    send: (message) => bridge.send(message),
    onMessage: (listener) => bridge.onMessage(listener),
    ready: () => Promise.resolve(),
  };
}
