// Listens for the app-wide shortcuts (Ctrl/Cmd+N, Alt+N, Alt+C, "/", "?") on the whole window, and for
// the same commands sent by the Electron menu.
import { useEffect, useRef } from 'react';
import { SHELL_COMMAND_EVENT, SHELL_COMMANDS, type ShellCommand } from '../../../shared/ipc.js';
import { isTextField, matchGlobalShortcut, type GlobalShortcut } from './shortcuts.js';

const SHORTCUT_FOR_COMMAND: Readonly<Record<ShellCommand, GlobalShortcut>> = { 'new-case': 'new-case' };

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
        code: event.code,
      });
      // The handler says whether it acted, so "/" still types when a dialog is open.
      if (shortcut && latest.current(shortcut)) event.preventDefault();
      // Ctrl+N would open a browser window even when we ignore it (e.g. form already open).
      else if (shortcut === 'new-case') event.preventDefault();
    };
    // The Electron menu's accelerators arrive as a DOM event from the preload.
    const onShellCommand = (event: Event) => {
      const command = (event as CustomEvent<unknown>).detail;
      if ((SHELL_COMMANDS as readonly unknown[]).includes(command)) latest.current(SHORTCUT_FOR_COMMAND[command as ShellCommand]);
    };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener(SHELL_COMMAND_EVENT, onShellCommand);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener(SHELL_COMMAND_EVENT, onShellCommand);
    };
  }, []);
}
