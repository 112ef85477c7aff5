// People list logic: filtering by text and role, hiding deactivated people, status badges, order.
import type { AdminUser } from '../../../../shared/admin.js';
import type { Role } from '../../../../shared/domain.js';

export type PeopleFilter = Readonly<{ text: string; role: Role | null; showDeactivated: boolean }>;
export const NO_PEOPLE_FILTER: PeopleFilter = { text: '', role: null, showDeactivated: false };

/**
 * `keepVisible`: people the admin just deactivated stay on screen (with their badge and a
 * Reactivate button) instead of vanishing from under the pointer.
 */
export function filterPeople(users: readonly AdminUser[], filter: PeopleFilter, keepVisible: ReadonlySet<string> = new Set()): AdminUser[] {
  const needle = filter.text.trim().toLowerCase();
  return users
    .filter((u) => filter.showDeactivated || u.active || keepVisible.has(u.id))
    .filter((u) => !filter.role || u.role === filter.role)
    .filter((u) => !needle || [u.name, u.email, u.phone, ...u.regions].some((v) => v.toLowerCase().includes(needle)))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.email.localeCompare(b.email));
}

export type PersonBadge = Readonly<{ label: string; color: string }>;

export function personBadges(user: AdminUser): PersonBadge[] {
  const badges: PersonBadge[] = [];
  if (!user.active) badges.push({ label: 'Deactivated', color: 'gray' });
  if (user.mustChangePassword) badges.push({ label: 'Must change password', color: 'yellow' });
  if (badges.length === 0) badges.push({ label: 'Active', color: 'green' });
  return badges;
}
