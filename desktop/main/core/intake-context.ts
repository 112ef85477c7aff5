// What the intake window shows once the agent picked a match: the projector, its site and customer,
// warranty and contract cover with days left, open cases there (the duplicate guard) and recent
// resolved ones; or, for a caller found by phone or email, their sites and open cases.
import { and, desc, eq, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { CaseSummary, CoverageStatus, IntakeContext } from '../../../shared/console-api.js';
import type { CaseStatus } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import type { ReadableDb } from './cache/cache-db.js';
import { PHONE_TAIL_DIGITS, phoneDigitForms, phoneKey } from './cache/intake-search-index.js';
import { cases, customers, projectors, sites } from './cache/schema.js';
import { selectCaseSummaries } from './queries.js';
import type { SlaContext } from './sla-view.js';

export type IntakeContextQuery = Readonly<{ projectorId?: string; siteId?: string; customerId?: string; phone?: string; email?: string }>;

const DONE: CaseStatus[] = ['resolved', 'closed'];
export const OPEN_CASES_LIMIT = 20;
export const RECENT_CASES_LIMIT = 5;
const CALLER_SITES_LIMIT = 50;

/** "YYYY-MM-DD" of `now` in this machine's local time zone (the agent's today). */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from `today` to `end` (both local dates): 0 on the last day, negative once expired. */
export function coverage(end: string | null | undefined, today: string): CoverageStatus {
  if (!end || !/^\d{4}-\d{2}-\d{2}/.test(end)) return null;
  const day = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return { end: end.slice(0, 10), daysLeft: Math.round((day(end) - day(today)) / 86_400_000) };
}

/**
 * Whether two phone numbers are the same line: one of their digit forms is shared (see
 * phoneDigitForms), or both have at least 9 digits and the last 9 agree ("447700900123" and
 * "07700 900123" are one mobile, whichever way the agent typed it).
 */
export function samePhone(a: string, b: string): boolean {
  const fa = phoneDigitForms(a).split(' ').filter(Boolean);
  const fb = new Set(phoneDigitForms(b).split(' ').filter(Boolean));
  if (fa.some((f) => fb.has(f))) return true;
  const ka = phoneKey(a);
  return ka.length === PHONE_TAIL_DIGITS && ka === phoneKey(b);
}

type CallerDoc = { kind: string; ref: string; siteId: string | null; phone: string };

/** Sites and cases of a caller, by the phone number (any of its forms) or the email a contact has. */
function callerMatches(db: ReadableDb, phone: string | undefined, email: string | undefined): { siteIds: string[]; caseIds: string[] } {
  const docs: CallerDoc[] = [];
  const digits = phone?.replace(/\D+/g, '') ?? '';
  if (phone && digits.length >= 3) {
    // Candidates share the number's last digits (trigram substring); samePhone decides.
    const tail = phoneKey(digits);
    const rows = db.all<CallerDoc>(sql`
      SELECT d.kind AS kind, d.ref AS ref, d.site_id AS siteId, d.phone AS phone
      FROM intake_phone f JOIN intake_docs d ON d.doc_id = f.rowid
      WHERE intake_phone MATCH ${`"${tail}"`} LIMIT 2000`);
    for (const r of rows) if (samePhone(phone, r.phone)) docs.push(r);
  }
  const mail = email?.trim().toLowerCase();
  if (mail) {
    docs.push(
      ...db.all<CallerDoc>(sql`
        SELECT kind, ref, site_id AS siteId, phone FROM intake_docs
        WHERE kind IN ('site_contact', 'case_contact') AND lower(email) = ${mail} LIMIT 2000`),
    );
  }
  const siteIds = new Set<string>();
  const caseIds = new Set<string>();
  for (const d of docs) {
    if (d.kind !== 'site_contact' && d.kind !== 'case_contact') continue;
    if (d.siteId) siteIds.add(d.siteId);
    if (d.kind === 'case_contact') caseIds.add(d.ref);
  }
  return { siteIds: [...siteIds], caseIds: [...caseIds] };
}

export function getIntakeContext(db: ReadableDb, query: IntakeContextQuery, sla: SlaContext, now = new Date()): IntakeContext {
  const today = localDate(now);
  const projector = query.projectorId ? (db.select().from(projectors).where(eq(projectors.id, query.projectorId)).get() ?? null) : null;
  if (query.projectorId && !projector) throw new AppError('NOT_FOUND', 'This projector is not in the installed base (it may have been removed).');
  let siteId = projector?.siteId ?? query.siteId ?? null;
  let callerSiteIds: string[] = [];
  let callerCaseIds: string[] = [];
  if (!siteId && (query.phone || query.email)) {
    const caller = callerMatches(db, query.phone, query.email);
    callerCaseIds = caller.caseIds;
    callerSiteIds = caller.siteIds;
    if (callerSiteIds.length === 1 && !query.customerId) siteId = callerSiteIds[0]!;
  }
  const site = siteId ? (db.select().from(sites).where(eq(sites.id, siteId)).get() ?? null) : null;
  if (query.siteId && !projector && !site) throw new AppError('NOT_FOUND', 'This site is not known here (it may have been removed).');
  const customerId = site?.customerId ?? query.customerId ?? null;
  const customer = customerId ? (db.select().from(customers).where(eq(customers.id, customerId)).get() ?? null) : null;

  // The caller's sites, or a customer's sites when only the customer was picked.
  const listIds = callerSiteIds.length > 1 ? callerSiteIds : [];
  const siteList = listIds.length
    ? db.select({ id: sites.id, name: sites.name, region: sites.region }).from(sites).where(inArray(sites.id, listIds.slice(0, CALLER_SITES_LIMIT))).orderBy(sites.name).all()
    : !site && customer
      ? db.select({ id: sites.id, name: sites.name, region: sites.region }).from(sites).where(eq(sites.customerId, customer.id)).orderBy(sites.name).limit(CALLER_SITES_LIMIT).all()
      : [];

  const scope: SQL[] = [];
  if (projector) scope.push(eq(cases.projectorId, projector.id));
  if (site) scope.push(eq(cases.siteId, site.id));
  else if (listIds.length) scope.push(inArray(cases.siteId, listIds));
  if (callerCaseIds.length) scope.push(inArray(cases.id, callerCaseIds.slice(0, 1000)));
  if (!projector && !site && !listIds.length && !callerCaseIds.length && customer) scope.push(eq(cases.customerId, customer.id));
  let openCases: CaseSummary[] = [];
  let recentCases: CaseSummary[] = [];
  if (scope.length) {
    const where = or(...scope);
    // The projector's own cases first: they are the duplicates the intake form warns about.
    const projectorFirst = projector ? [sql`${cases.projectorId} IS NOT ${projector.id}`] : [];
    openCases = selectCaseSummaries(db, and(where, notInArray(cases.status, DONE)), [...projectorFirst, desc(cases.createdAt), desc(cases.id)], OPEN_CASES_LIMIT, sla);
    recentCases = selectCaseSummaries(db, and(where, inArray(cases.status, DONE)), [...projectorFirst, desc(cases.updatedAt), desc(cases.id)], RECENT_CASES_LIMIT, sla);
  }

  return {
    projector: projector ? { id: projector.id, serial: projector.serial, model: projector.model, manufacturer: projector.manufacturer, installDate: projector.installDate } : null,
    site: site
      ? {
          id: site.id,
          name: site.name,
          address: site.address,
          region: site.region,
          accessNotes: site.accessNotes,
          contactName: site.contactName,
          contactPhone: site.contactPhone,
          contactEmail: site.contactEmail,
        }
      : null,
    customer: customer ? { id: customer.id, name: customer.name, code: customer.code } : null,
    sites: siteList,
    warranty: coverage(projector?.warrantyEnd, today),
    contract: coverage(projector?.contractEnd, today),
    openCases,
    recentCases,
  };
}
