// The board window (Electron opens it with `?window=board`, for a second monitor; it remembers its
// own size and place): only the assignment board, with the sync state and who is signed in.
// Conflicts open inside this window, so the manager never has to look for the console.
import { Button } from '@mantine/core';
import { useState } from 'react';
import type { SessionInfo } from '../../../shared/console-api.js';
import { can } from '../../../shared/permissions.js';
import { BoardScreen } from '../features/board/BoardScreen.js';
import { ConflictsScreen } from '../features/conflicts/ConflictsScreen.js';
import { SingleScreenWindow } from './SingleScreenWindow.js';

export function BoardWindow({ session }: { session: SessionInfo }) {
  const { user } = session;
  const [showConflicts, setShowConflicts] = useState(false);
  const toggle = (
    <Button size="xs" variant={showConflicts ? 'filled' : 'subtle'} color="gray" onClick={() => setShowConflicts((s) => !s)}>
      {showConflicts ? 'Back to the board' : 'Conflicts'}
    </Button>
  );
  return (
    <SingleScreenWindow user={user} allowed={can(user.role, 'case.assign')} refusal="assign cases" actions={toggle}>
      {showConflicts ? (
        <ConflictsScreen user={user} onOpenCase={() => setShowConflicts(false)} onBack={() => setShowConflicts(false)} />
      ) : (
        <BoardScreen user={user} onOpenConflicts={() => setShowConflicts(true)} />
      )}
    </SingleScreenWindow>
  );
}
