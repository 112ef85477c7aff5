// The screens of the side navigation: label, who may open each (from the permission table in
// shared/) and the "g then <key>" shortcut that goes there. Pure so the rules are tested once.
import type { Role } from '../../../shared/domain.js';
import { can, type Action } from '../../../shared/permissions.js';
import type { Route, ScreenName } from './hash-route.js';

export type NavItem = Readonly<{
  screen: ScreenName;
  label: string;
  /** Pressed after "g" (outside text fields) to go to the screen. */
  goKey: string;
  /** The right needed to open the screen; null for everyone. */
  action: Action | null;
}>;

export const NAV_ITEMS: readonly NavItem[] = [
  { screen: 'cases', label: 'Cases', goKey: 'c', action: null },
  // Logging calls: whoever may create cases.
  { screen: 'intake', label: 'Phone intake', goKey: 'n', action: 'case.create' },
  // Assigning cases: managers and admins.
  { screen: 'board', label: 'Board', goKey: 'b', action: 'case.assign' },
  // Field service: engineers' own visits and reports, planners' calendar, managers' reviews.
  { screen: 'visits', label: 'My visits', goKey: 'v', action: 'report.write' },
  // "d" as in dates/diary: "c" is Cases.
  { screen: 'calendar', label: 'Calendar', goKey: 'd', action: 'visit.schedule' },
  // "w" as in review: "r" is Projectors.
  { screen: 'reviews', label: 'Reviews', goKey: 'w', action: 'report.review' },
  // The installed base and its Excel import: admins (the people who bring it in and keep it right).
  { screen: 'projectors', label: 'Projectors', goKey: 'r', action: 'data.import' },
  { screen: 'sites', label: 'Sites', goKey: 'e', action: 'data.import' },
  { screen: 'import', label: 'Import', goKey: 'i', action: 'data.import' },
  { screen: 'people', label: 'People', goKey: 'p', action: 'user.view' },
  { screen: 'sessions', label: 'Sessions', goKey: 's', action: 'session.manage' },
  // "o" as in log-ons: "i" goes to Import.
  { screen: 'sign-ins', label: 'Sign-ins', goKey: 'o', action: 'session.manage' },
  { screen: 'audit', label: 'Audit log', goKey: 'l', action: 'audit.read' },
  // Settings are read by every console (SLA clocks, reports) but only admins edit or see the area.
  { screen: 'settings', label: 'Settings', goKey: 't', action: 'settings.manage' },
  { screen: 'mailboxes', label: 'Mailboxes', goKey: 'm', action: 'mailbox.manage' },
  { screen: 'account', label: 'Account', goKey: 'a', action: null },
];

export function navItemsFor(role: Role): readonly NavItem[] {
  return NAV_ITEMS.filter((item) => item.action === null || can(role, item.action));
}

/** Whether this role may see the screen of a route (the hub checks again on every call). */
export function canOpen(role: Role, route: Route): boolean {
  if (route.name === 'case' || route.name === 'conflicts') return true;
  // Anyone who sees the case may read its report (the core decides); writing a new one is the engineer's.
  if (route.name === 'report') return true;
  if (route.name === 'new-report') return can(role, 'report.write');
  const item = NAV_ITEMS.find((i) => i.screen === route.name);
  return !item || item.action === null || can(role, item.action);
}

/** The screen a "g then <key>" sequence goes to, or null for a key that means nothing after "g". */
export function screenForGoKey(key: string): ScreenName | null {
  const lower = key.toLowerCase();
  return NAV_ITEMS.find((i) => i.goKey === lower)?.screen ?? null;
}
