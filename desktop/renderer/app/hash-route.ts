// The window's location as a tiny hash route, so a case can be opened, linked and reloaded:
// `#/cases/<id>` shows that case over the list, `#/conflicts` the Conflicts view, `#/intake` the
// phone intake, `#/board` the assignment board, `#/projectors` and `#/sites` the installed base, `#/import` the Excel import,
// `#/admin/...` the admin screens and `#/account` the user's own account; anything
// else is the list.
export type ScreenName = 'cases' | 'conflicts' | 'intake' | 'board' | 'projectors' | 'sites' | 'import' | 'people' | 'sessions' | 'sign-ins' | 'audit' | 'settings' | 'mailboxes' | 'account';

export type Route = Readonly<{ name: ScreenName }> | Readonly<{ name: 'case'; id: string }>;

const CASE_ROUTE = /^#\/cases\/([0-9a-fA-F-]{36})$/;

/** The hash of every screen without an id; one table so parse and format cannot drift apart. */
export const SCREEN_HASHES: Readonly<Record<ScreenName, string>> = {
  cases: '#/cases',
  conflicts: '#/conflicts',
  intake: '#/intake',
  board: '#/board',
  projectors: '#/projectors',
  sites: '#/sites',
  import: '#/import',
  people: '#/admin/people',
  sessions: '#/admin/sessions',
  'sign-ins': '#/admin/sign-ins',
  audit: '#/admin/audit',
  settings: '#/admin/settings',
  mailboxes: '#/admin/mailboxes',
  account: '#/account',
};

const SCREEN_BY_HASH: ReadonlyMap<string, ScreenName> = new Map(Object.entries(SCREEN_HASHES).map(([name, hash]) => [hash, name as ScreenName]));

export function parseHash(hash: string): Route {
  const screen = SCREEN_BY_HASH.get(hash);
  if (screen) return { name: screen };
  const match = CASE_ROUTE.exec(hash);
  return match?.[1] ? { name: 'case', id: match[1].toLowerCase() } : { name: 'cases' };
}

export function routeHash(route: Route): string {
  return route.name === 'case' ? `#/cases/${route.id}` : SCREEN_HASHES[route.name];
}
