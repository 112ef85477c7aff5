// New case form logic: defaults, "is there anything to lose", client-side validation with the
// shared schema, and mapping field errors (ours or the core's) onto the form's inputs.
import type { ProjectorMatch } from '../../../../shared/console-api.js';
import { newCaseFieldsSchema, type CaseFields, type Channel, type Priority, type Severity } from '../../../../shared/domain.js';
import { isAppError, validationError } from '../../../../shared/errors.js';
import { userMessage } from '../../api/error-message.js';
import { normalizeSerial } from './serial-lookup.js';

export type NewCaseValues = {
  serial: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  channel: Channel;
  title: string;
  description: string;
  priority: Priority;
  severity: Severity;
};
export type NewCaseField = keyof NewCaseValues;
export type NewCaseErrors = Partial<Record<NewCaseField, string>>;

export const NEW_CASE_DEFAULTS: Readonly<NewCaseValues> = {
  serial: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  channel: 'phone',
  title: '',
  description: '',
  priority: 'P3',
  severity: 'minor',
};

const FORM_FIELDS = Object.keys(NEW_CASE_DEFAULTS) as NewCaseField[];

/** Where an error about a non-input field belongs: the projector link is chosen through Serial. */
const FIELD_ALIASES: Readonly<Record<string, NewCaseField>> = { projectorId: 'serial', siteId: 'serial', customerId: 'serial' };

/** The shared rules for a new case, without the id the core assigns. */
export const newCaseSchema = newCaseFieldsSchema;

export function isDirty(values: NewCaseValues): boolean {
  return FORM_FIELDS.some((field) => (typeof values[field] === 'string' ? values[field].trim() !== NEW_CASE_DEFAULTS[field].trim() : false));
}

/**
 * The case fields to send. A linked projector (see serial-lookup.ts) counts only while the typed
 * serial still names it, and then its own spelling of the serial is stored.
 */
export function toCaseFields(values: NewCaseValues, projector: ProjectorMatch | null): CaseFields {
  const linked = projector && normalizeSerial(projector.serial) === normalizeSerial(values.serial) ? projector : null;
  return {
    ...values,
    serial: linked ? linked.serial : values.serial,
    projectorId: linked?.projectorId ?? null,
    siteId: linked?.siteId ?? null,
    customerId: linked?.customerId ?? null,
  };
}

export type FormErrorMapping = Readonly<{ fields: NewCaseErrors; general: string | null }>;

/** Spreads field errors onto inputs; anything without an input becomes the form-level message. */
export function mapFieldErrors(fields: Readonly<Record<string, string>>, message: string): FormErrorMapping {
  const mapped: NewCaseErrors = {};
  const leftovers: string[] = [];
  for (const [key, text] of Object.entries(fields)) {
    const root = key.split('.')[0] ?? key;
    const field = (FORM_FIELDS as string[]).includes(root) ? (root as NewCaseField) : FIELD_ALIASES[root];
    if (field) {
      if (!mapped[field]) mapped[field] = text;
    } else leftovers.push(text);
  }
  const hasFieldErrors = Object.keys(mapped).length > 0;
  const general = leftovers.length ? leftovers.join(' ') : hasFieldErrors ? null : message;
  return { fields: mapped, general };
}

export type ValidationResult = Readonly<{ ok: true; fields: CaseFields }> | Readonly<{ ok: false; errors: FormErrorMapping }>;

export function validateNewCase(values: NewCaseValues, projector: ProjectorMatch | null): ValidationResult {
  const parsed = newCaseSchema.safeParse(toCaseFields(values, projector));
  if (parsed.success) return { ok: true, fields: parsed.data };
  const error = validationError(parsed.error.issues);
  return { ok: false, errors: mapFieldErrors(error.details?.fields ?? {}, error.message) };
}

/** Maps a failed `cases.create` call onto the form: field errors next to inputs, else one message. */
export function errorsFromCall(error: unknown): FormErrorMapping {
  const fields = isAppError(error) ? error.details?.fields : undefined;
  if (fields && typeof fields === 'object' && Object.keys(fields).length) return mapFieldErrors(fields, userMessage(error));
  return { fields: {}, general: userMessage(error) };
}
