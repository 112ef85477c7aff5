// Organisation settings: one registry of keys, each with its schema, its default and a label. The
// hub validates every change against it, consoles read it from their synced cache, and the admin
// console renders one form per key. Adding a setting is an entry here and a form in the renderer.
import { z } from 'zod';
import { PRIORITIES, SEVERITIES, type Priority, type Severity } from './domain.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const timeOfDay = z.string().regex(TIME, 'Use a 24-hour time like 08:30.');

/** True when the runtime knows this IANA time zone (Europe/London, America/New_York, ...). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A logo as base64 PNG or JPEG, small enough to travel in one change and to embed in PDFs. */
export const LOGO_MAX_BYTES = 128 * 1024;
const logoSchema = z
  .object({
    mime: z.enum(['image/png', 'image/jpeg'], { message: 'The logo must be a PNG or JPEG image.' }),
    base64: z
      .string()
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'The logo data is not valid base64.')
      .max(Math.ceil(LOGO_MAX_BYTES / 3) * 4, `The logo may be at most ${LOGO_MAX_BYTES / 1024} KiB.`),
  })
  .strict();

export const organisationSettingSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter the organisation name.').max(200, 'Name must be at most 200 characters.'),
    address: z.string().trim().max(1000, 'Address must be at most 1000 characters.'),
    phone: z.string().trim().max(40, 'Phone must be at most 40 characters.'),
    email: z.string().trim().max(254).pipe(z.union([z.literal(''), z.email({ message: 'Enter a valid email address.' })])),
    logo: logoSchema.nullable(),
  })
  .strict();

export const timeZoneSettingSchema = z
  .string()
  .trim()
  .min(1, 'Choose a time zone.')
  .max(64)
  .refine(isKnownTimeZone, 'Unknown time zone. Use an IANA name like Europe/London.');

/** Opening hours of one weekday, or null when closed. */
const dayHoursSchema = z
  .object({ start: timeOfDay, end: timeOfDay })
  .strict()
  .refine((d) => d.start < d.end, { message: 'The day must end after it starts.', path: ['end'] })
  .nullable();

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export const businessHoursSettingSchema = z
  .object({
    /** Monday first, seven entries. */
    days: z.array(dayHoursSchema).length(7, 'Give hours for all seven weekdays.'),
  })
  .strict()
  .refine((b) => b.days.some((d) => d !== null), { message: 'At least one day must be open.', path: ['days'] });

export const holidaysSettingSchema = z
  .array(
    z
      .object({
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-25.').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'Not a real date.'),
        name: z.string().trim().min(1, 'Name the holiday.').max(100, 'Name must be at most 100 characters.'),
      })
      .strict(),
  )
  .max(400, 'At most 400 holidays.')
  .refine((list) => new Set(list.map((h) => h.date)).size === list.length, 'Each date may appear only once.');

export const regionsSettingSchema = z
  .array(
    z
      .object({
        /** What sites and users store (e.g. "North"). */
        code: z.string().trim().min(1, 'Enter a region code.').max(40, 'Code must be at most 40 characters.'),
        name: z.string().trim().min(1, 'Enter a region name.').max(100, 'Name must be at most 100 characters.'),
      })
      .strict(),
  )
  .min(1, 'Keep at least one region.')
  .max(200, 'At most 200 regions.')
  .refine((list) => new Set(list.map((r) => r.code.toLowerCase())).size === list.length, 'Each region code may appear only once.');

const minutes = (label: string) =>
  z
    .number({ message: `${label} must be a number of minutes.` })
    .int(`${label} must be whole minutes.`)
    .min(1, `${label} must be at least 1 minute.`)
    .max(60 * 24 * 365, `${label} must be at most a year.`);

const slaTargetSchema = z
  .object({ firstResponseMinutes: minutes('First response'), resolutionMinutes: minutes('Resolution') })
  .strict()
  .refine((t) => t.resolutionMinutes >= t.firstResponseMinutes, { message: 'Resolution cannot be due before the first response.', path: ['resolutionMinutes'] });

/** Business-minute targets per priority, and when a running clock starts warning. */
export const slaPoliciesSettingSchema = z
  .object({
    targets: z.object(Object.fromEntries(PRIORITIES.map((p) => [p, slaTargetSchema])) as Record<Priority, typeof slaTargetSchema>).strict(),
    warnAtPercent: z.number().int().min(1, 'Warn at 1 % or more.').max(99, 'Warn at 99 % or less.'),
  })
  .strict();

/** How busy the affected screen is: the second axis of the priority guidance. */
export const BUSINESS_IMPACTS = ['shows_stopped', 'shows_degraded', 'no_show_affected'] as const;
export type BusinessImpact = (typeof BUSINESS_IMPACTS)[number];
export const BUSINESS_IMPACT_LABELS: Readonly<Record<BusinessImpact, string>> = {
  shows_stopped: 'Shows stopped',
  shows_degraded: 'Shows degraded',
  no_show_affected: 'No show affected',
};

/** The suggested priority for each severity and business impact, shown on the intake form. */
export const priorityGuidanceSettingSchema = z
  .object({
    matrix: z
      .object(
        Object.fromEntries(
          SEVERITIES.map((sev) => [sev, z.object(Object.fromEntries(BUSINESS_IMPACTS.map((i) => [i, z.enum(PRIORITIES)])) as Record<BusinessImpact, z.ZodEnum<{ [P in Priority]: P }>>).strict()]),
        ) as Record<Severity, z.ZodObject<Record<BusinessImpact, z.ZodEnum<{ [P in Priority]: P }>>>>,
      )
      .strict(),
    /** Free text shown beside the matrix (what counts as critical, when to call the duty manager). */
    notes: z.string().trim().max(2000, 'Notes must be at most 2000 characters.'),
  })
  .strict();

/** Email intake behaviour (the mailboxes themselves are configured on the hub, passwords and all). */
export const mailIntakeSettingSchema = z
  .object({
    /** Acknowledge each new case from email with its case number. */
    acknowledge: z.boolean(),
    /** Attachments above this size are not stored; the case gets a note instead. */
    maxAttachmentMb: z.number().int().min(1, 'At least 1 MB.').max(100, 'At most 100 MB.'),
    /** Signature appended to replies sent from the console. */
    signature: z.string().max(2000, 'The signature may be at most 2000 characters.'),
  })
  .strict();

/** How day/month order is read in date strings of imported workbooks (real Excel dates need no format). */
export const IMPORT_DATE_FORMATS = ['DMY', 'MDY', 'YMD'] as const;
export type ImportDateFormat = (typeof IMPORT_DATE_FORMATS)[number];
export const IMPORT_DATE_FORMAT_LABELS: Readonly<Record<ImportDateFormat, string>> = {
  DMY: 'Day first (31/01/2026)',
  MDY: 'Month first (01/31/2026)',
  YMD: 'Year first (2026-01-31)',
};
export const dataImportSettingSchema = z
  .object({ dateFormat: z.enum(IMPORT_DATE_FORMATS, { message: 'Choose how dates are written.' }) })
  .strict();

export const ASSIGNMENT_MODES = ['best-match', 'round-robin', 'least-loaded'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

/**
 * Automatic assignment: rules tried in order on each new or unassigned case; the first whose
 * regions and priorities match assigns it with its mode. No rule matching (or `enabled` off): the
 * case waits for a manager. Weights tune the recommender's score (shared/assignment/recommend.ts).
 */
export const assignmentRulesSettingSchema = z
  .object({
    enabled: z.boolean(),
    rules: z
      .array(
        z
          .object({
            /** Region codes; empty = every region. */
            regions: z.array(z.string().trim().min(1).max(40)).max(200),
            priorities: z.array(z.enum(PRIORITIES)).min(1, 'Pick at least one priority.'),
            mode: z.enum(ASSIGNMENT_MODES),
          })
          .strict(),
      )
      .max(50, 'At most 50 rules.'),
    weights: z
      .object({
        workload: z.number().min(0).max(10),
        slaUrgency: z.number().min(0).max(10),
        modelExperience: z.number().min(0).max(10),
        travel: z.number().min(0).max(10),
      })
      .strict(),
  })
  .strict();

/** When a case escalates to its region's managers (each rule off with null/false). */
export const escalationRulesSettingSchema = z
  .object({
    p1OrCritical: z.boolean(),
    /** Escalate when a running SLA clock has at most this many business minutes left. */
    breachWithinMinutes: z.number().int().min(1).max(24 * 60).nullable(),
    breached: z.boolean(),
    /** Escalate when a case was reopened more than this many times. */
    reopenedMoreThan: z.number().int().min(0).max(100).nullable(),
    /** Escalate when a case has waited unassigned longer than this (wall-clock minutes). */
    unassignedMinutes: z.number().int().min(1).max(7 * 24 * 60).nullable(),
    /** Also email the region's managers. */
    email: z.boolean(),
  })
  .strict();

export const SETTINGS = {
  organisation: {
    label: 'Organisation',
    description: 'Name, address and logo, printed on service reports.',
    schema: organisationSettingSchema,
    defaultValue: { name: 'Lamphouse Projector Services', address: '', phone: '', email: '', logo: null } as z.output<typeof organisationSettingSchema>,
  },
  timeZone: {
    label: 'Time zone',
    description: 'The time zone business hours, holidays and SLA clocks are counted in.',
    schema: timeZoneSettingSchema,
    defaultValue: 'Europe/London' as string,
  },
  businessHours: {
    label: 'Business hours',
    description: 'When the support centre works; SLA clocks run only inside these hours.',
    schema: businessHoursSettingSchema,
    defaultValue: {
      days: [
        { start: '08:00', end: '18:00' },
        { start: '08:00', end: '18:00' },
        { start: '08:00', end: '18:00' },
        { start: '08:00', end: '18:00' },
        { start: '08:00', end: '18:00' },
        null,
        null,
      ],
    } as z.output<typeof businessHoursSettingSchema>,
  },
  holidays: {
    label: 'Holidays',
    description: 'Days the support centre is closed; SLA clocks stop on them.',
    schema: holidaysSettingSchema,
    defaultValue: [] as z.output<typeof holidaysSettingSchema>,
  },
  regions: {
    label: 'Regions',
    description: 'The regions sites, engineers and managers belong to.',
    schema: regionsSettingSchema,
    defaultValue: [
      { code: 'North', name: 'North' },
      { code: 'Central', name: 'Central' },
      { code: 'South', name: 'South' },
    ] as z.output<typeof regionsSettingSchema>,
  },
  slaPolicies: {
    label: 'SLA targets',
    description: 'First-response and resolution targets per priority, in business time, and when to warn.',
    schema: slaPoliciesSettingSchema,
    defaultValue: {
      targets: {
        P1: { firstResponseMinutes: 30, resolutionMinutes: 8 * 60 },
        P2: { firstResponseMinutes: 2 * 60, resolutionMinutes: 2 * 10 * 60 },
        P3: { firstResponseMinutes: 4 * 60, resolutionMinutes: 5 * 10 * 60 },
        P4: { firstResponseMinutes: 8 * 60, resolutionMinutes: 10 * 10 * 60 },
      },
      warnAtPercent: 75,
    } as z.output<typeof slaPoliciesSettingSchema>,
  },
  priorityGuidance: {
    label: 'Priority guidance',
    description: 'The priority the intake form suggests for each severity and business impact.',
    schema: priorityGuidanceSettingSchema,
    defaultValue: {
      matrix: {
        critical: { shows_stopped: 'P1', shows_degraded: 'P1', no_show_affected: 'P2' },
        major: { shows_stopped: 'P1', shows_degraded: 'P2', no_show_affected: 'P3' },
        minor: { shows_stopped: 'P2', shows_degraded: 'P3', no_show_affected: 'P4' },
        low: { shows_stopped: 'P3', shows_degraded: 'P4', no_show_affected: 'P4' },
      },
      notes: 'A show that cannot start is P1 whatever the fault. Call the duty manager for every P1.',
    } as z.output<typeof priorityGuidanceSettingSchema>,
  },
  assignmentRules: {
    label: 'Automatic assignment',
    description: 'Which new cases are assigned without a manager, how, and how the recommender weighs engineers.',
    schema: assignmentRulesSettingSchema,
    defaultValue: {
      enabled: false,
      rules: [{ regions: [], priorities: ['P3', 'P4'], mode: 'best-match' }],
      weights: { workload: 3, slaUrgency: 2, modelExperience: 2, travel: 1 },
    } as z.output<typeof assignmentRulesSettingSchema>,
  },
  escalationRules: {
    label: 'Escalation',
    description: 'When a case escalates to the managers of its region.',
    schema: escalationRulesSettingSchema,
    defaultValue: { p1OrCritical: true, breachWithinMinutes: 30, breached: true, reopenedMoreThan: 1, unassignedMinutes: 60, email: true } as z.output<typeof escalationRulesSettingSchema>,
  },
  mailIntake: {
    label: 'Email intake',
    description: 'How mail to the support mailboxes becomes cases, and how replies are signed.',
    schema: mailIntakeSettingSchema,
    defaultValue: { acknowledge: true, maxAttachmentMb: 10, signature: '' } as z.output<typeof mailIntakeSettingSchema>,
  },
  dataImport: {
    label: 'Excel import',
    description: 'How dates written as text in imported workbooks are read.',
    schema: dataImportSettingSchema,
    defaultValue: { dateFormat: 'DMY' } as z.output<typeof dataImportSettingSchema>,
  },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTINGS)[K]['schema']>;
export type SettingValues = { [K in SettingKey]: SettingValue<K> };

export const settingKeySchema = z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]], { message: 'Unknown setting.' });

/** A setting as it syncs: its key is its id. `value` has been validated by the hub. */
export type SettingRow = Readonly<{ id: SettingKey; value: unknown; updatedAt: string; updatedBy: string | null; version: number }>;

/** The argument of the updateSetting mutation; the value is checked against its key's schema. */
export const updateSettingArgsSchema = z
  .object({ key: settingKeySchema, value: z.unknown() })
  .strict()
  .transform((args, ctx) => {
    const parsed = SETTINGS[args.key].schema.safeParse(args.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['value', ...issue.path] });
      return z.NEVER;
    }
    return { key: args.key, value: parsed.data as unknown };
  });
export type UpdateSettingArgs = z.output<typeof updateSettingArgsSchema>;

/** Every setting, stored values over defaults; a stored value that no longer validates falls back to the default. */
export function resolveSettings(rows: Iterable<Readonly<{ id: string; value: unknown }>>): SettingValues {
  const values: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) values[key] = SETTINGS[key].defaultValue;
  for (const row of rows) {
    if (!(SETTING_KEYS as readonly string[]).includes(row.id)) continue;
    const parsed = SETTINGS[row.id as SettingKey].schema.safeParse(row.value);
    if (parsed.success) values[row.id] = parsed.data;
  }
  return values as SettingValues;
}
