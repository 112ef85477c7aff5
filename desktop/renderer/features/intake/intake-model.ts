// Phone intake logic: warranty and contract status as words and colours, contact details prefilled
// from what was picked, the duplicate guard, the priority the guidance suggests (kept until the
// agent overrides it), and the case or note that saving produces. Pure so every rule is tested.
import type { CaseSummary, CoverageStatus, IntakeContext, IntakeMatch } from '../../../../shared/console-api.js';
import { LIMITS, type CaseFields, type Priority, type Severity } from '../../../../shared/domain.js';
import type { BusinessImpact, SettingValue } from '../../../../shared/settings.js';
import { suggestedPriority } from '../../../../shared/sla/compute.js';
import { normalizeSerial } from '../cases/serial-lookup.js';

// --- warranty and service contract ------------------------------------------------------------------

/** Under this many days left a cover is about to end (orange). */
export const COVER_ENDING_DAYS = 30;

export type CoverageDisplay = Readonly<{ text: string; color: 'green' | 'orange' | 'red' | 'gray'; covered: boolean }>;

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

export function coverageDisplay(kind: 'warranty' | 'contract', status: CoverageStatus): CoverageDisplay {
  const name = kind === 'warranty' ? 'Warranty' : 'Service contract';
  if (!status) return { text: kind === 'warranty' ? 'Warranty unknown' : 'No service contract', color: 'gray', covered: false };
  const { daysLeft, end } = status;
  if (daysLeft < 0) return { text: `${name} expired ${days(-daysLeft)} ago (${end})`, color: 'red', covered: false };
  if (daysLeft === 0) return { text: `${name} ends today (${end})`, color: 'orange', covered: true };
  return { text: `${name}: ${days(daysLeft)} left (until ${end})`, color: daysLeft <= COVER_ENDING_DAYS ? 'orange' : 'green', covered: true };
}

// --- the case form ------------------------------------------------------------------------------------

export type IntakeValues = Readonly<{
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  title: string;
  description: string;
  severity: Severity;
  impact: BusinessImpact;
  /** The agent's own choice; null while the guidance's suggestion stands. */
  priorityOverride: Priority | null;
}>;

export const EMPTY_INTAKE: IntakeValues = {
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  title: '',
  description: '',
  severity: 'minor',
  impact: 'shows_degraded',
  priorityOverride: null,
};

export type Guidance = SettingValue<'priorityGuidance'>;

/** The guidance matrix's cell for this severity and business impact (the shared rule). */
export const guidanceSuggestion: (guidance: Guidance, severity: Severity, impact: BusinessImpact) => Priority = suggestedPriority;

/** The priority the case gets: the agent's override, else the suggestion. */
export function effectivePriority(values: Pick<IntakeValues, 'priorityOverride'>, suggested: Priority): Priority {
  return values.priorityOverride ?? suggested;
}

/** Choosing the suggested priority again hands the choice back to the guidance. */
export function choosePriority(chosen: Priority, suggested: Priority): Priority | null {
  return chosen === suggested ? null : chosen;
}

/** Contact details from a picked caller, else the site's contact; only into fields still empty. */
export function prefillContact(values: IntakeValues, match: IntakeMatch | null, context: IntakeContext | null): IntakeValues {
  const source =
    match?.kind === 'contact'
      ? { name: match.name, phone: match.phone, email: match.email }
      : context?.site
        ? { name: context.site.contactName, phone: context.site.contactPhone, email: context.site.contactEmail }
        : null;
  if (!source) return values;
  return {
    ...values,
    contactName: values.contactName.trim() ? values.contactName : source.name.slice(0, LIMITS.name),
    contactPhone: values.contactPhone.trim() ? values.contactPhone : source.phone.slice(0, LIMITS.phone),
    contactEmail: values.contactEmail.trim() ? values.contactEmail : source.email.slice(0, LIMITS.email),
  };
}

/** What the intake query asks for, from the picked match. */
export function contextQuery(match: IntakeMatch): Readonly<{ projectorId?: string; siteId?: string; customerId?: string; phone?: string; email?: string }> {
  switch (match.kind) {
    case 'projector':
      return { projectorId: match.projectorId };
    case 'site':
      return { siteId: match.siteId };
    case 'customer':
      return { customerId: match.customerId };
    case 'contact':
      return match.phone ? { phone: match.phone } : { email: match.email };
  }
}

/** The new case: a phone case linked to the projector, site and customer the context shows. */
export function intakeCaseFields(values: IntakeValues, context: IntakeContext | null, priority: Priority): CaseFields {
  const site = context?.site ?? null;
  return {
    serial: context?.projector?.serial ?? '',
    projectorId: context?.projector?.id ?? null,
    siteId: site?.id ?? null,
    customerId: context?.customer?.id ?? null,
    contactName: values.contactName,
    contactPhone: values.contactPhone,
    contactEmail: values.contactEmail,
    channel: 'phone',
    title: values.title,
    description: values.description,
    priority,
    severity: values.severity,
  };
}

// --- duplicate guard --------------------------------------------------------------------------------

/** Open cases on the picked projector itself (not merely at its site): the likely duplicates. */
export function duplicateCases(context: IntakeContext | null): readonly CaseSummary[] {
  const serial = context?.projector ? normalizeSerial(context.projector.serial) : '';
  if (!serial) return [];
  return context?.openCases.filter((c) => normalizeSerial(c.serial) === serial) ?? [];
}

export type SaveDecision =
  | Readonly<{ kind: 'create'; duplicates: number }>
  /** A match was picked but its details (and so the duplicate guard) are not on screen yet. */
  | Readonly<{ kind: 'wait' }>;

/**
 * Saving creates the case once the guard has had its say: the open cases on the projector are on
 * screen (with "Add to that case instead") from the moment its details load, so a save while they
 * still load waits rather than creating a duplicate unseen.
 */
export function saveDecision(picked: boolean, contextLoaded: boolean, duplicates: readonly CaseSummary[]): SaveDecision {
  if (picked && !contextLoaded) return { kind: 'wait' };
  return { kind: 'create', duplicates: duplicates.length };
}

/** The note "Add to that case instead" writes: who called and what they said. */
export function duplicateNoteText(values: Pick<IntakeValues, 'contactName' | 'contactPhone' | 'title' | 'description'>): string {
  const caller = [values.contactName.trim(), values.contactPhone.trim()].filter(Boolean).join(', ');
  const body = [values.title.trim(), values.description.trim()].filter(Boolean).join('\n\n');
  const head = caller ? `Phone call from ${caller}.` : 'Phone call.';
  return body ? `${head}\n\n${body}` : head;
}
