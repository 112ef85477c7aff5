// The intake window (Electron opens it with `?window=intake`, by a global shortcut even when the
// console is in the background): only the phone intake, with the sync state and who is signed in.
// Ctrl+N / Alt+N clear it for the next call; cases open in the console window, not here.
import { useCallback, useState } from 'react';
import type { SessionInfo } from '../../../shared/console-api.js';
import { can } from '../../../shared/permissions.js';
import { IntakeScreen } from '../features/intake/IntakeScreen.js';
import type { GlobalShortcut } from './shortcuts.js';
import { SingleScreenWindow } from './SingleScreenWindow.js';
import { useGlobalShortcuts } from './use-global-shortcuts.js';

export function IntakeWindow({ session }: { session: SessionInfo }) {
  const { user } = session;
  const [reset, setReset] = useState(0);
  const onShortcut = useCallback((shortcut: GlobalShortcut): boolean => {
    if (shortcut !== 'new-case') return false;
    setReset((n) => n + 1);
    return true;
  }, []);
  useGlobalShortcuts(onShortcut);

  return (
    <SingleScreenWindow user={user} allowed={can(user.role, 'case.create')} refusal="log cases">
      <IntakeScreen resetSignal={reset} onOpenCase={null} />
    </SingleScreenWindow>
  );
}
