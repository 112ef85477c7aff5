// Bulk import from Excel: what can be imported, the columns of each kind (with the header names
// people actually use), the normalised row each kind becomes, and the hub's import-job API.
// The console core reads and validates a workbook with these schemas; the hub validates every
// row again with the same schemas before it writes anything (it trusts no client).
import { z } from 'zod';
import { LIMITS, emailSchema, idSchema, phoneSchema } from './domain.js';

export const IMPORT_KINDS = ['projectors', 'sites', 'customers', 'engineers'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_KIND_LABELS: Readonly<Record<ImportKind, string>> = {
  projectors: 'Projectors',
  sites: 'Sites',
  customers: 'Customers',
  engineers: 'Field service engineers',
};

/** How a cell is read: `serial` keeps text (leading zeros, no 1.2E+10), `date` reads Excel dates and date strings. */
export type ImportColumnType = 'text' | 'serial' | 'date' | 'email' | 'phone' | 'list' | 'int' | 'hours' | 'region';

export type ImportColumn = Readonly<{
  /** The field of the normalised row. */
  key: string;
  /** The header of the template. */
  label: string;
  required: boolean;
  /** Other header names that mean this column (compared lower-case, without spaces and punctuation). */
  synonyms: readonly string[];
  type: ImportColumnType;
  /** One line for the template's notes sheet. */
  note: string;
}>;

const col = (key: string, label: string, type: ImportColumnType, required: boolean, synonyms: readonly string[], note: string): ImportColumn => ({ key, label, type, required, synonyms, note });

/**
 * The columns of each kind, in template order. A projector or site row may name a site or customer
 * that does not exist yet: it is created when the row gives enough to create it (a site needs its
 * customer and region; a customer needs its name, and gets a code made from the name when none is given).
 */
export const IMPORT_COLUMNS: Readonly<Record<ImportKind, readonly ImportColumn[]>> = {
  projectors: [
    col('serial', 'Serial number', 'serial', true, ['serial', 'serial no', 'serialnumber', 's/n', 'sn', 'projector serial', 'serial #'], 'The projector\'s serial, kept exactly as text (leading zeros are kept).'),
    col('model', 'Model', 'text', true, ['model', 'projector model', 'model name', 'type'], 'The model, e.g. DP4K-32B.'),
    col('manufacturer', 'Manufacturer', 'text', true, ['manufacturer', 'make', 'brand', 'vendor', 'oem'], 'Who made it, e.g. Barco.'),
    col('siteName', 'Site', 'text', true, ['site', 'site name', 'location', 'venue', 'cinema', 'installed at'], 'The site it is installed at, matched by name.'),
    col('customerName', 'Customer', 'text', false, ['customer', 'customer name', 'client', 'account', 'owner'], 'The site\'s customer (needed only to create a site that does not exist yet).'),
    col('customerCode', 'Customer code', 'text', false, ['customer code', 'customer id', 'account code', 'client code'], 'The customer\'s code; matched before the name.'),
    col('siteRegion', 'Region', 'region', false, ['region', 'site region', 'area', 'territory'], 'The site\'s region (needed only to create a site that does not exist yet).'),
    col('installDate', 'Install date', 'date', true, ['install date', 'installed', 'installation date', 'installed on', 'date installed'], 'The day it was installed.'),
    col('warrantyStart', 'Warranty start', 'date', false, ['warranty start', 'warranty from', 'warranty start date', 'warranty begins'], 'The first day of the warranty.'),
    col('warrantyEnd', 'Warranty end', 'date', true, ['warranty end', 'warranty until', 'warranty expiry', 'warranty end date', 'warranty expires', 'warranty'], 'The last day of the warranty.'),
    col('contractEnd', 'Service contract end', 'date', false, ['contract end', 'service contract end', 'contract expiry', 'contract until', 'service contract'], 'The last day of the service contract; empty when there is none.'),
  ],
  sites: [
    col('name', 'Site', 'text', true, ['site', 'site name', 'name', 'location', 'venue', 'cinema'], 'The site\'s name; a site is matched by its customer and name.'),
    col('customerName', 'Customer', 'text', false, ['customer', 'customer name', 'client', 'account', 'owner'], 'The customer the site belongs to (name or code is required).'),
    col('customerCode', 'Customer code', 'text', false, ['customer code', 'customer id', 'account code', 'client code'], 'The customer\'s code; matched before the name.'),
    col('region', 'Region', 'region', true, ['region', 'area', 'territory'], 'One of the regions in Settings.'),
    col('address', 'Address', 'text', false, ['address', 'site address', 'street', 'full address'], 'The postal address.'),
    col('accessNotes', 'Access notes', 'text', false, ['access notes', 'access', 'notes', 'site notes', 'access instructions'], 'How engineers get in: parking, keys, security.'),
    col('contactName', 'Contact name', 'text', false, ['contact', 'contact name', 'site contact', 'manager'], 'Who to call at the site.'),
    col('contactPhone', 'Contact phone', 'phone', false, ['phone', 'contact phone', 'telephone', 'tel', 'mobile'], 'Their phone number.'),
    col('contactEmail', 'Contact email', 'email', false, ['email', 'contact email', 'e-mail', 'mail'], 'Their email address.'),
  ],
  customers: [
    col('name', 'Customer', 'text', true, ['customer', 'customer name', 'name', 'client', 'account', 'company'], 'The customer\'s name.'),
    col('code', 'Customer code', 'text', true, ['code', 'customer code', 'customer id', 'account code', 'client code', 'id'], 'A short unique code; a customer is matched by its code.'),
  ],
  engineers: [
    col('name', 'Name', 'text', true, ['name', 'engineer', 'engineer name', 'full name', 'fse'], 'The engineer\'s full name.'),
    col('email', 'Email', 'email', true, ['email', 'e-mail', 'mail', 'email address'], 'Their sign-in email; an engineer is matched by email.'),
    col('phone', 'Phone', 'phone', false, ['phone', 'mobile', 'telephone', 'tel', 'cell'], 'Their phone number.'),
    col('regions', 'Regions', 'list', true, ['region', 'regions', 'area', 'areas', 'territory'], 'One or more regions, separated by commas.'),
    col('skills', 'Skills', 'list', false, ['skills', 'models', 'skill', 'certifications', 'competences'], 'Projector models or skill tags, separated by commas.'),
    col('dailyCapacity', 'Visits per day', 'int', false, ['capacity', 'visits per day', 'daily capacity', 'max visits'], 'How many visits a day (1 to 20); 4 when empty.'),
    col('workingHours', 'Working hours', 'hours', false, ['working hours', 'hours', 'shift', 'schedule'], 'Like "Mon-Fri 08:00-17:00" or "Mon-Thu 07:00-15:30, Sat 09:00-13:00"; Mon-Fri 08:00-17:00 when empty.'),
  ],
};

/** A header cell as compared against names and synonyms: lower-case, letters and digits only. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const text = (max: number, label: string) => z.string({ message: `${label} must be text.` }).trim().max(max, `${label} must be at most ${max} characters.`);
const required = (max: number, label: string) => text(max, label).min(1, `${label} is required.`);
/** Answers of isRealDay so far: an import repeats few distinct days; bounded so no input can grow it. */
const realDays = new Map<string, boolean>();

/** A YYYY-MM-DD text that is a day of the calendar (not 2026-02-30). Runs for every date cell of every imported row, on the console and the hub. */
export function isRealDay(d: string): boolean {
  let real = realDays.get(d);
  if (real === undefined) {
    const ms = Date.parse(`${d}T00:00:00Z`);
    real = !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(d);
    if (realDays.size >= 50_000) realDays.clear();
    realDays.set(d, real);
  }
  return real;
}

const isoDay = (label: string) =>
  z
    .string({ message: `${label} must be a date.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date like 2026-01-31.`)
    .refine(isRealDay, `${label} is not a real day.`);
const optionalDay = (label: string) => isoDay(label).nullable();
const regionSchema = required(40, 'Region');
const optionalEmail = z.string().trim().pipe(z.union([z.literal(''), emailSchema]));
const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

export const importCustomerRowSchema = z
  .object({
    name: required(LIMITS.name, 'Customer'),
    code: required(40, 'Customer code'),
  })
  .strict();

/** A site's customer: by code when given, else by name. */
const customerRef = {
  customerName: text(LIMITS.name, 'Customer').default(''),
  customerCode: text(40, 'Customer code').default(''),
};

export const importSiteRowSchema = z
  .object({
    name: required(LIMITS.name, 'Site'),
    ...customerRef,
    region: regionSchema,
    address: text(500, 'Address').default(''),
    accessNotes: text(2000, 'Access notes').default(''),
    contactName: text(LIMITS.name, 'Contact name').default(''),
    contactPhone: phoneSchema.default(''),
    contactEmail: optionalEmail.default(''),
  })
  .strict()
  .refine((r) => r.customerName !== '' || r.customerCode !== '', { message: 'Give the site\'s customer (name or code).', path: ['customerName'] });

export const importProjectorRowSchema = z
  .object({
    serial: required(LIMITS.serial, 'Serial number').regex(/^[\p{L}\p{N}][\p{L}\p{N}\-_./ ]*$/u, 'A serial may contain letters, digits, spaces and - _ . /'),
    model: required(100, 'Model'),
    manufacturer: required(100, 'Manufacturer'),
    siteName: required(LIMITS.name, 'Site'),
    ...customerRef,
    siteRegion: text(40, 'Region').default(''),
    installDate: isoDay('Install date'),
    warrantyStart: optionalDay('Warranty start').default(null),
    warrantyEnd: isoDay('Warranty end'),
    contractEnd: optionalDay('Service contract end').default(null),
  })
  .strict()
  .refine((r) => r.warrantyStart === null || r.warrantyStart <= r.warrantyEnd, { message: 'The warranty must end on or after its start.', path: ['warrantyEnd'] });

const workingDay = z.object({ start: z.string().regex(hhmm), end: z.string().regex(hhmm) }).strict().nullable();

export const importEngineerRowSchema = z
  .object({
    name: required(LIMITS.name, 'Name'),
    email: emailSchema,
    phone: phoneSchema.default(''),
    regions: z.array(regionSchema).min(1, 'Give at least one region.').max(50, 'At most 50 regions.'),
    skills: z.array(required(100, 'A skill')).max(100, 'At most 100 skills.').default([]),
    dailyCapacity: z.number().int('Visits per day must be a whole number.').min(1, 'Visits per day must be at least 1.').max(20, 'Visits per day must be at most 20.').default(4),
    /** Monday first; null is a day off. */
    workingHours: z.array(workingDay).length(7).nullable().default(null),
  })
  .strict();

export const IMPORT_ROW_SCHEMAS = {
  projectors: importProjectorRowSchema,
  sites: importSiteRowSchema,
  customers: importCustomerRowSchema,
  engineers: importEngineerRowSchema,
} as const;
export type ImportRow<K extends ImportKind> = z.output<(typeof IMPORT_ROW_SCHEMAS)[K]>;
export type AnyImportRow = ImportRow<ImportKind>;

/** The key a row is matched on, normalised (two rows of one file with the same key are duplicates). */
export function importRowKey(kind: ImportKind, row: AnyImportRow): string {
  const fold = (s: string) => s.trim().toLocaleLowerCase();
  switch (kind) {
    case 'projectors':
      return fold((row as ImportRow<'projectors'>).serial);
    case 'customers':
      return fold((row as ImportRow<'customers'>).code);
    case 'engineers':
      return fold((row as ImportRow<'engineers'>).email);
    case 'sites': {
      const site = row as ImportRow<'sites'>;
      return `${fold(site.customerCode || site.customerName)}\u0000${fold(site.name)}`;
    }
  }
}

// ---- The hub's import-job API (routes in admin.ts HUB_ROUTES, action `data.import`) ----

/** Rows per batch the core sends; the hub refuses bigger batches (and bodies over 1 MiB). */
export const IMPORT_BATCH_MAX_ROWS = 2000;
/** Files may hold at most this many data rows. */
export const IMPORT_MAX_ROWS = 1_000_000;

export const IMPORT_JOB_STATUSES = ['running', 'completed', 'cancelled', 'undone'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

export const startImportRequestSchema = z
  .object({
    /** Chosen by the core, so a start re-sent after a lost answer finds the same job. */
    id: idSchema,
    kind: z.enum(IMPORT_KINDS, { message: 'Unknown import kind.' }),
    fileName: z.string().trim().min(1).max(255),
    totalRows: z.number().int().min(0).max(IMPORT_MAX_ROWS),
  })
  .strict();
export type StartImportRequest = z.infer<typeof startImportRequestSchema>;

/** One batch: `seq` counts from 0 with no gaps; `row` is the row's number in the workbook (for messages). */
export const importBatchRequestSchema = z
  .object({
    seq: z.number().int().min(0),
    rows: z
      .array(z.object({ row: z.number().int().min(1), values: z.record(z.string(), z.unknown()) }).strict())
      .min(1, 'A batch has at least one row.')
      .max(IMPORT_BATCH_MAX_ROWS, `A batch has at most ${IMPORT_BATCH_MAX_ROWS} rows.`),
  })
  .strict();
export type ImportBatchRequest = z.infer<typeof importBatchRequestSchema>;

export const finishImportRequestSchema = z.object({ outcome: z.enum(['completed', 'cancelled']) }).strict();

export type ImportRowFailure = Readonly<{ row: number; field: string | null; message: string }>;

export type ImportCounts = Readonly<{ created: number; updated: number; unchanged: number; failed: number }>;

/** What one batch did; a re-sent batch answers with the stored result and changes nothing. */
export type ImportBatchResult = ImportCounts &
  Readonly<{
    seq: number;
    /** Rows the hub refused (validated again there), with why. */
    failures: readonly ImportRowFailure[];
    /** The next seq the hub expects. */
    nextSeq: number;
  }>;

export type ImportJobView = ImportCounts &
  Readonly<{
    id: string;
    kind: ImportKind;
    fileName: string;
    status: ImportJobStatus;
    totalRows: number;
    /** Rows sent in applied batches so far. */
    rowsDone: number;
    nextSeq: number;
    createdBy: string;
    createdByName: string | null;
    createdAt: string;
    finishedAt: string | null;
    undoneAt: string | null;
  }>;

export type ImportUndoResult = Readonly<{
  /** Rows the import created and the undo removed (people it created are deactivated instead). */
  removed: number;
  /** Rows the import changed, put back as they were. */
  restored: number;
  /** Rows left as they are, with why (changed again since, or a case refers to them). */
  kept: readonly Readonly<{ entity: string; id: string; label: string; reason: string }>[];
}>;
