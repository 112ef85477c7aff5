// A transport that can lose its link to the core (the browser shell's WebSocket) says so, so the
// client can fail calls in flight and the UI can show "Console core unreachable".
import type { ConsoleTransport } from '../../../shared/ipc.js';

export const CORE_UNREACHABLE_MESSAGE = 'Console core unreachable. Your changes are safe; retrying…';

export type LinkState = 'connecting' | 'up' | 'down';

export type LinkAwareTransport = ConsoleTransport &
  Readonly<{
    /** Called on every change of link state (down before the first open counts too). */
    onLinkChange(listener: (state: LinkState) => void): () => void;
    linkState(): LinkState;
    close(): void;
  }>;
