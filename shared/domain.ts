// Domain vocabulary and validation schemas: roles, cases (DTRs), projectors, sites, customers.
// Every boundary (renderer form, core API, hub command) validates with these same schemas.
import { z } from 'zod';
import type { SlaEvent, WaitingReason } from './sla/types.js';

export const ROLES = ['admin', 'manager', 'agent', 'fse'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Admin',
  manager: 'Manager',
  agent: 'Support agent',
  fse: 'Field service engineer',
};

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SEVERITIES = ['critical', 'major', 'minor', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANNELS = ['phone', 'email', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CASE_STATUSES = ['new', 'assigned', 'in_progress', 'awaiting_approval', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  new: 'New',
  assigned: 'Assigned',
  in_progress: 'In progress',
  awaiting_approval: 'Awaiting approval',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const LIMITS = {
  title: 200,
  description: 20_000,
  name: 200,
  phone: 40,
  email: 254,
  serial: 64,
  search: 200,
} as const;

export const idSchema = z.uuid({ message: 'Must be a valid id.' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be a date like 2026-01-31.');

const trimmed = (max: number, label: string) =>
  z.string({ message: `${label} must be text.` }).trim().max(max, `${label} must be at most ${max} characters.`);

export const emailSchema = z
  .string()
  .trim()
  .max(LIMITS.email, `Email must be at most ${LIMITS.email} characters.`)
  .pipe(z.email({ message: 'Enter a valid email address, like name@example.com.' }));

// Trim first so an email of only spaces counts as no email, like an empty phone.
const optionalEmail = z.string().trim().pipe(z.union([z.literal(''), emailSchema]));

export const phoneSchema = trimmed(LIMITS.phone, 'Phone').regex(/^[+()\d\s.\-/]*(?:\s*(?:x|ext\.?)\s*\d+)?$/i, 'Phone may contain digits, spaces, +, -, (, ) and an extension.');

export const publicUserSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  regions: z.array(z.string()),
  active: z.boolean(),
});
export type PublicUser = Readonly<z.infer<typeof publicUserSchema>>;

export type Customer = Readonly<{ id: string; name: string; code: string; version: number }>;
export type Site = Readonly<{
  id: string;
  customerId: string;
  name: string;
  address: string;
  region: string;
  accessNotes: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  version: number;
}>;
export type Projector = Readonly<{
  id: string;
  serial: string;
  model: string;
  manufacturer: string;
  siteId: string;
  installDate: string;
  /** First day of the warranty ("YYYY-MM-DD"), null when not known (imported installed base). */
  warrantyStart: string | null;
  warrantyEnd: string;
  /** End of the service contract ("YYYY-MM-DD"), null when the projector has none. */
  contractEnd: string | null;
  version: number;
}>;
/** An FSE's engineer profile (skills are projector models or skill tags; capacity in visits per day). */
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const workDaySchema = z
  .object({ start: z.string().regex(HHMM, 'Use a 24-hour time like 08:30.'), end: z.string().regex(HHMM, 'Use a 24-hour time like 17:00.') })
  .strict()
  .refine((d) => d.start < d.end, { message: 'The day must end after it starts.', path: ['end'] })
  .nullable();
/** Monday first; the default working week of an engineer who has not set one. */
export const DEFAULT_WORKING_HOURS = [
  { start: '08:00', end: '17:00' },
  { start: '08:00', end: '17:00' },
  { start: '08:00', end: '17:00' },
  { start: '08:00', end: '17:00' },
  { start: '08:00', end: '17:00' },
  null,
  null,
] as const;
const timeOffSchema = z
  .object({
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.'),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.'),
    reason: z.string().trim().max(200, 'The reason may be at most 200 characters.').default(''),
  })
  .strict()
  .refine((t) => t.from <= t.to, { message: 'Time off must end on or after its first day.', path: ['to'] });

/**
 * An FSE's engineer profile: skills (projector models they can fix, or skill tags), visits per day,
 * working hours (Monday first, local to the organisation's time zone) and time off (inclusive dates).
 * Fields added after the first release default, so stored profiles stay valid.
 */
export const engineerProfileSchema = z
  .object({
    skills: z.array(z.string().trim().min(1, 'A skill cannot be empty.').max(100, 'A skill must be at most 100 characters.')).max(100, 'At most 100 skills.'),
    dailyCapacity: z.number({ message: 'Capacity must be a number.' }).int('Capacity must be a whole number.').min(1, 'Capacity must be at least 1.').max(20, 'Capacity must be at most 20.'),
    workingHours: z
      .array(workDaySchema)
      .length(7, 'Give hours for all seven weekdays.')
      .default(() => DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null))),
    timeOff: z.array(timeOffSchema).max(200, 'At most 200 periods of time off.').default([]),
  })
  .strict();
export type EngineerProfile = Readonly<z.infer<typeof engineerProfileSchema>>;

/** A stored profile as the current schema reads it (older profiles lack hours and time off). */
export function readEngineerProfile(stored: unknown): EngineerProfile | null {
  const parsed = engineerProfileSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** A person as every console receives them (names, pickers, the board). Never a password hash. */
export type SyncedUser = PublicUser &
  Readonly<{
    phone: string;
    engineer: EngineerProfile | null;
    /** Set by an admin's create or reset: the user must choose a password at next sign-in. */
    mustChangePassword: boolean;
    /** When the password last changed (audit trail; the password itself never leaves the hub). */
    passwordChangedAt: string | null;
    version: number;
  }>;

/** Case fields a person edits; the hub owns number, status transitions, timestamps and versions. */
export const caseFieldsSchema = z.object({
  serial: trimmed(LIMITS.serial, 'Serial'),
  projectorId: idSchema.nullable(),
  siteId: idSchema.nullable(),
  customerId: idSchema.nullable(),
  contactName: trimmed(LIMITS.name, 'Contact name').min(1, 'Enter the contact name.'),
  contactPhone: phoneSchema,
  contactEmail: optionalEmail,
  channel: z.enum(CHANNELS, { message: 'Choose phone, email or other.' }),
  title: trimmed(LIMITS.title, 'Title').min(1, 'Enter a title.'),
  description: trimmed(LIMITS.description, 'Description'),
  priority: z.enum(PRIORITIES, { message: 'Choose a priority from P1 to P4.' }),
  severity: z.enum(SEVERITIES, { message: 'Choose critical, major, minor or low.' }),
});
export type CaseFields = Readonly<z.infer<typeof caseFieldsSchema>>;

const reachable = (c: { contactPhone: string; contactEmail: string }) => c.contactPhone !== '' || c.contactEmail !== '';
const reachableRule = { message: 'Give a phone number or an email so we can reach the contact.', path: ['contactPhone'] };

/** Adds the rule every new case obeys: there is a way to reach the contact. */
export function requireReachableContact<S extends z.ZodType<{ contactPhone: string; contactEmail: string }>>(schema: S) {
  return schema.refine(reachable, reachableRule);
}

/** A new case as a person fills it in (the form, the core's `cases.create`). */
export const newCaseFieldsSchema = requireReachableContact(caseFieldsSchema);

/** A new case as pushed to the hub: the fields plus the id the console gave it. */
export const createCaseArgsSchema = requireReachableContact(caseFieldsSchema.extend({ id: idSchema }));
export type CreateCaseArgs = Readonly<z.infer<typeof createCaseArgsSchema>>;

/** Fields that `updateCase` may change; each has a conflict policy in sync/field-policy.ts. */
export const casePatchSchema = z
  .object({
    title: caseFieldsSchema.shape.title,
    description: caseFieldsSchema.shape.description,
    contactName: caseFieldsSchema.shape.contactName,
    contactPhone: caseFieldsSchema.shape.contactPhone,
    contactEmail: caseFieldsSchema.shape.contactEmail,
    priority: caseFieldsSchema.shape.priority,
    severity: caseFieldsSchema.shape.severity,
    status: z.enum(CASE_STATUSES, { message: 'Unknown status.' }),
    assigneeId: idSchema.nullable(),
    /** Waiting for the customer or for parts: the SLA clocks pause. */
    waitingFor: z.enum(['customer', 'parts'], { message: 'Waiting for the customer or for parts.' }).nullable(),
  })
  .partial()
  .strict()
  .refine((p) => Object.values(p).some((value) => value !== undefined), { message: 'Nothing to change.' });
export type CasePatch = Readonly<z.infer<typeof casePatchSchema>>;
export const CASE_PATCH_FIELDS = ['title', 'description', 'contactName', 'contactPhone', 'contactEmail', 'priority', 'severity', 'status', 'assigneeId', 'waitingFor'] as const;
export type CasePatchField = (typeof CASE_PATCH_FIELDS)[number];

export const updateCaseArgsSchema = z.object({ id: idSchema, patch: casePatchSchema });
export type UpdateCaseArgs = Readonly<z.infer<typeof updateCaseArgsSchema>>;

export type CaseEscalation = Readonly<{ at: string; reasons: readonly string[] }>;

/** A case as the hub stores and syncs it. `number` is null until the hub has assigned one. */
export type CaseRow = Readonly<
  CaseFields & {
    id: string;
    number: string | null;
    status: CaseStatus;
    assigneeId: string | null;
    /** Waiting for the customer or parts (SLA clocks paused), or null. */
    waitingFor: WaitingReason | null;
    createdBy: string;
    createdAt: string;
    updatedAt: string;
    /** What moved the SLA clocks so far (hub-maintained); computeSla turns it into clocks. */
    slaEvents: readonly SlaEvent[];
    /** The next SLA deadline of a running clock (hub-derived sort key); null when paused or met. */
    slaDueAt: string | null;
    /** Open escalation (hub-owned): why and since when; null when none or handled. */
    escalation: CaseEscalation | null;
    /** When the case was resolved (a service report approved, or set resolved); null while open or after a reopen. */
    resolvedAt: string | null;
    /** Change-log version of the last change to each field, for field-level conflict detection. */
    fieldVersions: Readonly<Record<string, number>>;
    version: number;
  }
>;

export const deleteCaseArgsSchema = z.object({ id: idSchema, reason: z.string().trim().max(500, 'Reason must be at most 500 characters.').default('') });
export type DeleteCaseArgs = Readonly<z.infer<typeof deleteCaseArgsSchema>>;

export const CONFLICT_RESOLUTIONS = ['mine', 'theirs', 'merged'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * A `confirm` field change the hub held back because someone else changed the field first.
 * Synced only to its author, who keeps theirs, takes the other, or enters a merged value.
 */
export type ConflictRow = Readonly<{
  id: string;
  caseId: string;
  /** The author of the held-back change. */
  userId: string;
  clientId: string;
  mutationId: number;
  field: CasePatchField;
  yourValue: unknown;
  /** The value on the hub when the conflict was found. */
  theirValue: unknown;
  /** Who made the change that won the race, when known. */
  theirUserId: string | null;
  baseVersion: number;
  createdAt: string;
  resolvedAt: string | null;
  resolution: ConflictResolution | null;
  version: number;
}>;

export const resolveConflictArgsSchema = z
  .object({
    id: idSchema,
    resolution: z.enum(CONFLICT_RESOLUTIONS, { message: 'Choose keep mine, take theirs or a merged value.' }),
    /** The merged value, for `merged` (validated against the field's own schema by the hub). */
    value: z.unknown().optional(),
  })
  .refine((a) => a.resolution !== 'merged' || a.value !== undefined, { message: 'Enter the merged value.', path: ['value'] });
export type ResolveConflictArgs = Readonly<z.infer<typeof resolveConflictArgsSchema>>;

export const loginRequestSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email.').max(LIMITS.email),
  password: z.string().min(1, 'Enter your password.').max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(10).max(512) });

export type TokenPair = Readonly<{
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: PublicUser;
  /** Signed in with a temporary password: nothing but a password change is allowed until then. */
  mustChangePassword: boolean;
}>;

export { isoDate as isoDateSchema };
