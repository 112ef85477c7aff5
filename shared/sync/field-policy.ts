// Conflict policy per field, as data. `lww`: the last writer wins (free text). `confirm`: a
// concurrent change is not applied; it becomes a conflict for its author to resolve.
import type { CasePatchField } from '../domain.js';

export type FieldPolicy = 'lww' | 'confirm';

export const CASE_FIELD_POLICY: Readonly<Record<CasePatchField, FieldPolicy>> = {
  title: 'lww',
  description: 'lww',
  contactName: 'lww',
  contactPhone: 'lww',
  contactEmail: 'lww',
  priority: 'confirm',
  severity: 'confirm',
  status: 'confirm',
  assigneeId: 'confirm',
  waitingFor: 'lww',
};
