// Listens for the app-wide shortcuts (Ctrl/Cmd+N, "/", "?") on the whole window.
import { useEffect, useRef } from 'react';
import { isTextField, matchGlobalShortcut, type GlobalShortcut } from './shortcuts.js';

export function useGlobalShortcuts(handler: (shortcut: GlobalShortcut) => boolean): void {
  // A ref so the listener is added once and still calls the latest handler.
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || event.repeat) return;
      const shortcut = matchGlobalShortcut({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        inTextField: isTextField(event.target),
      });
      // The handler says whether it acted, so "/" still types when a dialog is open.
      if (shortcut && latest.current(shortcut)) event.preventDefault();
      // Ctrl+N would open a browser window even when we ignore it (e.g. form already open).
      else if (shortcut === 'new-case') event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
