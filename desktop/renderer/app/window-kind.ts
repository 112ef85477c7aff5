// Which window this page is: the Electron main process opens the phone intake as its own window
// with `?window=intake` (a global shortcut brings it up over anything); everything else is the
// console. The assignment board pops out onto a second monitor as `?window=board`. The browser shell keeps the query through its token handling, so both shells agree.
export const WINDOW_KINDS = ['console', 'intake', 'board'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

export const WINDOW_KIND_PARAM = 'window';

export function windowKindFromSearch(search: string): WindowKind {
  const value = new URLSearchParams(search).get(WINDOW_KIND_PARAM);
  return value === 'intake' || value === 'board' ? value : 'console';
}
