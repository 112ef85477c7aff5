// The window's location as a tiny hash route, so a case can be opened, linked and reloaded:
// `#/cases/<id>` shows that case over the list; anything else is the list.
export type Route = Readonly<{ name: 'cases' }> | Readonly<{ name: 'case'; id: string }>;

const CASE_ROUTE = /^#\/cases\/([0-9a-fA-F-]{36})$/;

export function parseHash(hash: string): Route {
  const match = CASE_ROUTE.exec(hash);
  return match?.[1] ? { name: 'case', id: match[1].toLowerCase() } : { name: 'cases' };
}

export function routeHash(route: Route): string {
  return route.name === 'case' ? `#/cases/${route.id}` : '#/cases';
}
