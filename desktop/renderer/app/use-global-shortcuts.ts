// Listens for the app-wide shortcuts (Ctrl/Cmd+N, Alt+N, Alt+C, "/", "?", "g then <key>") on the whole
// window, and for the same commands sent by the Electron menu.
import { useEffect, useRef } from 'react';
import { SHELL_COMMAND_EVENT, SHELL_COMMANDS, type ShellCommand } from '../../../shared/ipc.js';
import type { ScreenName } from './hash-route.js';
import { isTextField, matchGlobalShortcut, stepGoSequence, type GlobalShortcut, type GoState, type KeyPress } from './shortcuts.js';

const SHORTCUT_FOR_COMMAND: Readonly<Record<ShellCommand, GlobalShortcut>> = { 'new-case': 'new-case' };

/** `onGo` answers a "g then <key>" sequence; like `handler` it says whether it acted. */
export function useGlobalShortcuts(handler: (shortcut: GlobalShortcut) => boolean, onGo: (screen: ScreenName) => boolean = () => false): void {
  // Refs so the listener is added once and still calls the latest handlers.
  const latest = useRef(handler);
  const latestGo = useRef(onGo);
  useEffect(() => {
    latest.current = handler;
    latestGo.current = onGo;
  });
  useEffect(() => {
    let go: GoState = null;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || event.repeat) return;
      const press: KeyPress = {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        inTextField: isTextField(event.target),
        code: event.code,
      };
      const step = stepGoSequence(go, press, event.timeStamp);
      go = step.state;
      if (step.screen) {
        if (latestGo.current(step.screen)) event.preventDefault();
        return;
      }
      if (step.consumed) return;
      const shortcut = matchGlobalShortcut(press);
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
