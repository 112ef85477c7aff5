// The window's location as a tiny hash route, so a case can be opened, linked and reloaded:
// `#/cases/<id>` shows that case over the list, `#/conflicts` the Conflicts view, `#/intake` the
// phone intake, `#/board` the assignment board, `#/projectors` and `#/sites` the installed base, `#/import` the Excel import,
// `#/admin/...` the admin screens, `#/account` the user's own account, `#/visits`, `#/calendar` and
// `#/reviews` the service screens, `#/report/<id>` a service report and
// `#/report/new?case=<id>&visit=<id>` a new one; anything else is the list.
export type ScreenName =
  | 'cases'
  | 'conflicts'
  | 'intake'
  | 'board'
  | 'projectors'
  | 'sites'
  | 'import'
  | 'people'
  | 'sessions'
  | 'sign-ins'
  | 'audit'
  | 'settings'
  | 'mailboxes'
  | 'account'
  | 'visits'
  | 'calendar'
  | 'reviews';

export type Route =
  | Readonly<{ name: ScreenName }>
  | Readonly<{ name: 'case'; id: string }>
  | Readonly<{ name: 'report'; id: string }>
  | Readonly<{ name: 'new-report'; caseId: string; visitId: string | null }>;

const UUID = '[0-9a-fA-F-]{36}';
const CASE_ROUTE = new RegExp(`^#/cases/(${UUID})$`);
const REPORT_ROUTE = new RegExp(`^#/report/(${UUID})$`);
const NEW_REPORT_ROUTE = /^#\/report\/new\?(.*)$/;
const UUID_ONLY = new RegExp(`^${UUID}$`);

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
  visits: '#/visits',
  calendar: '#/calendar',
  reviews: '#/reviews',
};

const SCREEN_BY_HASH: ReadonlyMap<string, ScreenName> = new Map(Object.entries(SCREEN_HASHES).map(([name, hash]) => [hash, name as ScreenName]));

export function parseHash(hash: string): Route {
  const screen = SCREEN_BY_HASH.get(hash);
  if (screen) return { name: screen };
  const match = CASE_ROUTE.exec(hash);
  if (match?.[1]) return { name: 'case', id: match[1].toLowerCase() };
  const report = REPORT_ROUTE.exec(hash);
  if (report?.[1]) return { name: 'report', id: report[1].toLowerCase() };
  const fresh = NEW_REPORT_ROUTE.exec(hash);
  if (fresh) {
    const params = new URLSearchParams(fresh[1]);
    const caseId = params.get('case') ?? '';
    const visitId = params.get('visit');
    if (UUID_ONLY.test(caseId)) return { name: 'new-report', caseId: caseId.toLowerCase(), visitId: visitId && UUID_ONLY.test(visitId) ? visitId.toLowerCase() : null };
  }
  return { name: 'cases' };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'case':
      return `#/cases/${route.id}`;
    case 'report':
      return `#/report/${route.id}`;
    case 'new-report':
      return `#/report/new?case=${route.caseId}${route.visitId ? `&visit=${route.visitId}` : ''}`;
    default:
      return SCREEN_HASHES[route.name];
  }
}

/** Goes to a route from outside React state (a button deep in a drawer); `hashchange` does the rest. */
export function goTo(route: Route): void {
  const next = routeHash(route);
  if (window.location.hash !== next) window.location.hash = next;
}
