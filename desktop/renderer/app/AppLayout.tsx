// The signed-in window: header (app name, sync summary, Conflicts with its count, user, sign out),
// side navigation (cases, the admin screens the user may open, account) over the screen of the
// route, plus the new case form and keyboard help, reachable from anywhere by shortcut.
import { startTypeAhead } from './type-ahead.js';
import { Alert, AppShell } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../../shared/console-api.js';
import { ROLE_LABELS } from '../../../shared/domain.js';
import { can } from '../../../shared/permissions.js';
import { missingCase } from '../../../shared/errors.js';
import { userMessage } from '../api/error-message.js';
import { useLogout } from '../features/auth/use-session.js';
import { CasesScreen } from '../features/cases/CasesScreen.js';
import { NewCaseModal } from '../features/cases/NewCaseModal.js';
import { ConflictsScreen } from '../features/conflicts/ConflictsScreen.js';
import { unresolvedCount } from '../features/conflicts/conflict-format.js';
import { useConflictNotifications } from '../features/conflicts/use-conflict-notifications.js';
import { useConflicts } from '../features/conflicts/use-conflicts.js';
import { BootstrapProgress } from '../features/sync-status/SyncSummary.js';
import { useReconnectWhenOnline } from '../features/sync-status/use-sync-status.js';
import { AccountScreen } from '../features/account/AccountScreen.js';
import { AuditScreen } from '../features/audit/AuditScreen.js';
import { PeopleScreen } from '../features/people/PeopleScreen.js';
import { SessionsScreen } from '../features/sessions/SessionsScreen.js';
import { SignInsScreen } from '../features/sessions/SignInsScreen.js';
import { SettingsScreen } from '../features/settings/SettingsScreen.js';
import { IntakeScreen } from '../features/intake/IntakeScreen.js';
import { MailboxesScreen } from '../features/mailboxes/MailboxesScreen.js';
import { BoardScreen } from '../features/board/BoardScreen.js';
import { ImportScreen } from '../features/imports/ImportScreen.js';
import { ProjectorsScreen } from '../features/installed-base/ProjectorsScreen.js';
import { SitesScreen } from '../features/installed-base/SitesScreen.js';
import { usePrefetchBoard } from '../features/board/use-board.js';
import { ReportScreen } from '../features/reports/ReportScreen.js';
import { ReviewsScreen } from '../features/reports/ReviewsScreen.js';
import { CalendarScreen } from '../features/visits/CalendarScreen.js';
import { MyVisitsScreen } from '../features/visits/MyVisitsScreen.js';
import type { ScreenName } from './hash-route.js';
import { AppHeader, NavItem } from './AppHeader.js';
import { KeyboardHelp } from './KeyboardHelp.js';
import { canOpen, navItemsFor } from './nav.js';
import type { GlobalShortcut } from './shortcuts.js';
import { useGlobalShortcuts } from './use-global-shortcuts.js';
import { useHashRoute } from './use-hash-route.js';

export function AppLayout({ session }: { session: SessionInfo }) {
  const { user } = session;
  const canCreate = can(user.role, 'case.create');
  usePrefetchBoard(can(user.role, 'case.assign'));
  const [newCaseOpen, setNewCaseOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [createdId, setCreatedId] = useState<string | null>(null);
  const [intakeReset, setIntakeReset] = useState(0);
  const [bellOpen, setBellOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const [route, navigate] = useHashRoute();
  const logout = useLogout();
  const openConflicts = useCallback(() => navigate({ name: 'conflicts' }), [navigate]);
  const conflicts = useConflicts(false);
  const conflictCount = unresolvedCount(conflicts.data);
  // On the board, lost assignment races are told by the board itself (who assigned it to whom).
  useConflictNotifications(openConflicts, route.name === 'board' ? (c) => c.field === 'assigneeId' : undefined);
  useReconnectWhenOnline();
  const [navOpened, setNavOpened] = useState(false);
  const navItems = navItemsFor(user.role);
  // A report belongs under My visits for its engineer, under Reviews for a manager.
  const reportHome: ScreenName = can(user.role, 'report.write') ? 'visits' : can(user.role, 'report.review') ? 'reviews' : 'cases';
  const screen: ScreenName = route.name === 'case' ? 'cases' : route.name === 'report' || route.name === 'new-report' ? reportHome : route.name;

  // Moving to another screen moves focus to its heading, so keyboard and screen reader users land
  // at its top (the case list keeps its own focus handling).
  const previousScreen = useRef(screen);
  useEffect(() => {
    if (previousScreen.current === screen) return;
    previousScreen.current = screen;
    setNavOpened(false);
    // The intake focuses its own search box instead.
    if (screen !== 'cases' && screen !== 'intake') document.getElementById(`${screen}-title`)?.focus();
  }, [screen]);
  // Opening a service report moves focus to its heading too.
  const reportKey = route.name === 'report' ? route.id : route.name === 'new-report' ? 'new' : null;
  useEffect(() => {
    if (reportKey !== null) document.getElementById('report-title')?.focus();
  }, [reportKey]);

  const onGo = useCallback(
    (target: ScreenName): boolean => {
      if (newCaseOpen || !canOpen(user.role, { name: target })) return false;
      setHelpOpen(false);
      navigate({ name: target });
      return true;
    },
    [newCaseOpen, user.role, navigate],
  );

  const onShortcut = useCallback(
    (shortcut: GlobalShortcut): boolean => {
      const dialogOpen = newCaseOpen || helpOpen || route.name === 'case';
      switch (shortcut) {
        case 'new-case':
          // In the phone intake, "new" means the next call: the intake clears itself.
          if (route.name === 'intake' && canCreate && !newCaseOpen) {
            setIntakeReset((n) => n + 1);
            return true;
          }
          if (!canCreate || newCaseOpen) return false;
          setHelpOpen(false);
          startTypeAhead();
          setNewCaseOpen(true);
          return true;
        case 'focus-search':
          if (dialogOpen || !searchRef.current) return false;
          searchRef.current.focus();
          searchRef.current.select();
          return true;
        case 'help':
          if (dialogOpen) return false;
          setHelpOpen(true);
          return true;
        case 'conflicts':
          if (newCaseOpen) return false;
          setHelpOpen(false);
          openConflicts();
          return true;
        case 'intake':
          if (!canCreate || newCaseOpen) return false;
          setHelpOpen(false);
          // Catch what the agent types while the screen appears.
          if (route.name !== 'intake') startTypeAhead();
          navigate({ name: 'intake' });
          return true;
        case 'notifications':
          if (newCaseOpen) return false;
          setHelpOpen(false);
          setBellOpen(true);
          return true;
      }
    },
    [canCreate, newCaseOpen, helpOpen, route.name, openConflicts, navigate],
  );
  useGlobalShortcuts(onShortcut, onGo);

  // Stable callbacks: the header and the navigation are memoised, so moving between screens
  // redraws only what the route changes (the active item), not every button, tooltip and menu.
  const logoutMutate = logout.mutate;
  const signOut = useCallback(
    () =>
      logoutMutate(undefined, {
        onError: (error) => notifications.show({ color: 'red', title: 'Could not sign out', message: userMessage(error) }),
      }),
    [logoutMutate],
  );
  const toggleNav = useCallback(() => setNavOpened((o) => !o), []);
  const openCase = useCallback((id: string) => navigate({ name: 'case', id }), [navigate]);
  const openHelp = useCallback(() => setHelpOpen(true), []);

  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 180, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <AppShell.Header>
        <AppHeader
          user={user}
          navOpened={navOpened}
          onToggleNav={toggleNav}
          conflictCount={conflictCount}
          conflictsActive={route.name === 'conflicts'}
          onOpenConflicts={openConflicts}
          bellOpen={bellOpen}
          setBellOpen={setBellOpen}
          onOpenCase={openCase}
          onHelp={openHelp}
          onSignOut={signOut}
          signingOut={logout.isPending}
        />
        <BootstrapProgress />
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Screens">
        {navItems.map((item) => (
          <NavItem key={item.screen} item={item} active={screen === item.screen} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {!canOpen(user.role, route) ? (
          <Alert color="orange" title="Not available to you" maw={640}>
            Your role ({ROLE_LABELS[user.role]}) cannot open this screen. Ask an admin if you need it.
          </Alert>
        ) : route.name === 'conflicts' ? (
          <ConflictsScreen user={user} onOpenCase={(id) => navigate({ name: 'case', id })} onBack={() => navigate({ name: 'cases' })} />
        ) : route.name === 'board' ? (
          <BoardScreen user={user} onOpenConflicts={openConflicts} />
        ) : route.name === 'intake' ? (
          <IntakeScreen resetSignal={intakeReset} onOpenCase={(id) => navigate({ name: 'case', id })} />
        ) : route.name === 'report' || route.name === 'new-report' ? (
          // One element for both routes: a new report's address becomes #/report/<id> on its first
          // save without remounting the form.
          <ReportScreen target={route.name === 'report' ? { kind: 'open', id: route.id } : { kind: 'new', caseId: route.caseId, visitId: route.visitId }} user={user} />
        ) : route.name === 'visits' ? (
          <MyVisitsScreen onOpenReport={(reportId, caseId, visitId) => navigate(reportId ? { name: 'report', id: reportId } : { name: 'new-report', caseId, visitId })} />
        ) : route.name === 'case' || route.name === 'cases' ? (
          <CasesScreen
            role={user.role}
            searchRef={searchRef}
            openCaseId={route.name === 'case' ? route.id : null}
            onOpenCase={(id) => navigate({ name: 'case', id })}
            onCloseCase={() => navigate({ name: 'cases' })}
            onNewCase={canCreate ? () => setNewCaseOpen(true) : null}
            focusCaseId={createdId}
          />
        ) : (
          <OtherScreen screen={screen} session={session} />
        )}
      </AppShell.Main>
      {canCreate && (
        <NewCaseModal
          opened={newCaseOpen}
          onClose={() => setNewCaseOpen(false)}
          onCreated={(id) => {
            setNewCaseOpen(false);
            setCreatedId(id);
          }}
        />
      )}
      <KeyboardHelp opened={helpOpen} onClose={() => setHelpOpen(false)} role={user.role} />
    </AppShell>
  );
}

/** The admin and account screens (the case list and Conflicts have their own props above). */
function OtherScreen({ screen, session }: { screen: ScreenName; session: SessionInfo }) {
  switch (screen) {
    case 'cases':
    case 'conflicts':
    case 'intake':
    case 'board':
    case 'visits':
      return null;
    case 'calendar':
      return <CalendarScreen />;
    case 'reviews':
      return <ReviewsScreen />;
    case 'mailboxes':
      return <MailboxesScreen />;
    case 'projectors':
      return <ProjectorsScreen />;
    case 'sites':
      return <SitesScreen />;
    case 'import':
      return <ImportScreen userId={session.user.id} />;
    case 'people':
      return <PeopleScreen role={session.user.role} myId={session.user.id} />;
    case 'sessions':
      return <SessionsScreen />;
    case 'sign-ins':
      return <SignInsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'account':
      return <AccountScreen user={session.user} />;
    default:
      return missingCase(screen);
  }
}
