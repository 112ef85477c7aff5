// New/edit person form logic: the form model, conversion to the hub's request (validated with the
// shared schemas, so the rules are the hub's own), and errors mapped onto the inputs.
import { createUserRequestSchema, updateUserRequestSchema, type AdminUser, type CreateUserRequest, type UpdateUserRequest } from '../../../../shared/admin.js';
import { DEFAULT_WORKING_HOURS, ROLES, type EngineerProfile, type Role } from '../../../../shared/domain.js';
import { validationError } from '../../../../shared/errors.js';
import { fieldErrors, userMessage } from '../../api/error-message.js';

export type PersonFormValues = Readonly<{
  name: string;
  email: string;
  phone: string;
  role: Role | null;
  regions: readonly string[];
  skills: readonly string[];
  /** As typed; '' while empty. */
  dailyCapacity: number | '';
}>;
export type PersonField = keyof PersonFormValues;
export type PersonFormErrors = Readonly<{ fields: Partial<Record<PersonField, string>>; general: string | null }>;

export const DEFAULT_DAILY_CAPACITY = 4;

export const EMPTY_PERSON: PersonFormValues = { name: '', email: '', phone: '', role: null, regions: [], skills: [], dailyCapacity: DEFAULT_DAILY_CAPACITY };

export function personFromUser(user: AdminUser): PersonFormValues {
  return {
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    regions: [...user.regions],
    skills: [...(user.engineer?.skills ?? [])],
    dailyCapacity: user.engineer?.dailyCapacity ?? DEFAULT_DAILY_CAPACITY,
  };
}

export function parseRole(value: string | null): Role | null {
  return value !== null && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}

/**
 * The engineer profile only for engineers; other roles have none (the hub refuses one). This form
 * edits skills and capacity; working hours and time off (edited on the board) are kept as they were.
 */
function engineerOf(values: PersonFormValues, before: EngineerProfile | null = null): EngineerProfile | null {
  if (values.role !== 'fse') return null;
  return {
    skills: [...values.skills],
    dailyCapacity: values.dailyCapacity === '' ? Number.NaN : values.dailyCapacity,
    workingHours: before ? before.workingHours.map((d) => (d ? { ...d } : null)) : DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null)),
    timeOff: before ? before.timeOff.map((t) => ({ ...t })) : [],
  };
}

const FIELD_OF: Readonly<Record<string, PersonField>> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  role: 'role',
  regions: 'regions',
  engineer: 'skills',
  'engineer.skills': 'skills',
  'engineer.dailyCapacity': 'dailyCapacity',
};

/** Field errors (from our check or the hub) onto inputs; the rest as one message. */
export function mapPersonErrors(fields: Readonly<Record<string, string>>, message: string): PersonFormErrors {
  const mapped: Partial<Record<PersonField, string>> = {};
  const leftovers: string[] = [];
  for (const [key, text] of Object.entries(fields)) {
    // "engineer.skills.2" belongs to Skills, "regions.0" to Regions.
    const field = FIELD_OF[key] ?? FIELD_OF[key.split('.').slice(0, 2).join('.')] ?? FIELD_OF[key.split('.')[0] ?? ''];
    if (field) {
      if (!mapped[field]) mapped[field] = text;
    } else leftovers.push(text);
  }
  return { fields: mapped, general: leftovers.length ? leftovers.join(' ') : Object.keys(mapped).length ? null : message };
}

export type CreateResult = Readonly<{ ok: true; request: CreateUserRequest }> | Readonly<{ ok: false; errors: PersonFormErrors }>;

export function validateCreate(values: PersonFormValues): CreateResult {
  const candidate = {
    name: values.name,
    email: values.email,
    phone: values.phone,
    role: values.role ?? undefined,
    regions: [...values.regions],
    engineer: engineerOf(values),
  };
  const parsed = createUserRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    const error = validationError(parsed.error.issues);
    return { ok: false, errors: mapPersonErrors(error.details?.fields ?? {}, error.message) };
  }
  return { ok: true, request: parsed.data };
}

export type UpdateResult = Readonly<{ ok: true; patch: UpdateUserRequest }> | Readonly<{ ok: false; errors: PersonFormErrors }>;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Only what changed (email cannot change). The rules a new person must meet apply to the edited
 * person as well: an engineer keeps a profile, managers and engineers keep a region.
 */
export function validateUpdate(values: PersonFormValues, original: AdminUser): UpdateResult {
  const role = values.role ?? original.role;
  const patch: Record<string, unknown> = {};
  if (values.name.trim() !== original.name) patch.name = values.name;
  if (values.phone.trim() !== original.phone) patch.phone = values.phone;
  if (role !== original.role) patch.role = role;
  if (!sameList(values.regions, original.regions)) patch.regions = [...values.regions];
  const engineer = engineerOf({ ...values, role }, original.engineer);
  const before = original.engineer;
  const engineerChanged =
    engineer === null ? before !== null : before === null || before.dailyCapacity !== engineer.dailyCapacity || !sameList(before.skills, engineer.skills);
  if (engineerChanged) patch.engineer = engineer;

  // The create rules, checked on the person as it would be after the change.
  const whole = createUserRequestSchema.safeParse({ name: values.name, email: original.email, phone: values.phone, role, regions: [...values.regions], engineer });
  if (!whole.success) {
    const error = validationError(whole.error.issues);
    return { ok: false, errors: mapPersonErrors(error.details?.fields ?? {}, error.message) };
  }
  const parsed = updateUserRequestSchema.safeParse(patch);
  if (!parsed.success) {
    const error = validationError(parsed.error.issues);
    const fields = error.details?.fields ?? {};
    // "Change at least one field." has no field of its own.
    return { ok: false, errors: mapPersonErrors(fields, parsed.error.issues[0]?.message ?? error.message) };
  }
  return { ok: true, patch: parsed.data };
}

export function personErrorsFromCall(error: unknown): PersonFormErrors {
  const fields = fieldErrors(error);
  return Object.keys(fields).length ? mapPersonErrors(fields, userMessage(error)) : { fields: {}, general: userMessage(error) };
}

/** Region choices: the regions setting, plus any region a person already has that the setting dropped. */
export function regionOptions(regions: readonly Readonly<{ code: string; name: string }>[], current: readonly string[]): { value: string; label: string }[] {
  const options = regions.map((r) => ({ value: r.code, label: r.name === r.code ? r.name : `${r.name} (${r.code})` }));
  for (const code of current) if (!options.some((o) => o.value === code)) options.push({ value: code, label: `${code} (no longer a region)` });
  return options;
}
