// The window's location as a tiny hash route, so a case can be opened, linked and reloaded:
// `#/cases/<id>` shows that case over the list, `#/conflicts` the Conflicts view; anything else is the list.
export type Route = Readonly<{ name: 'cases' }> | Readonly<{ name: 'case'; id: string }> | Readonly<{ name: 'conflicts' }>;

const CASE_ROUTE = /^#\/cases\/([0-9a-fA-F-]{36})$/;

export function parseHash(hash: string): Route {
  if (hash === '#/conflicts') return { name: 'conflicts' };
  const match = CASE_ROUTE.exec(hash);
  return match?.[1] ? { name: 'case', id: match[1].toLowerCase() } : { name: 'cases' };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'case':
      return `#/cases/${route.id}`;
    case 'conflicts':
      return '#/conflicts';
    case 'cases':
      return '#/cases';
  }
}
