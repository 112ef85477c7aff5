// Organisation settings: one registry of keys, each with its schema, its default and a label. The
// hub validates every change against it, consoles read it from their synced cache, and the admin
// console renders one form per key. Adding a setting is an entry here and a form in the renderer.
import { z } from 'zod';

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
