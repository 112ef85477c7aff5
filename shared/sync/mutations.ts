// The mutations a console may push, with their argument schemas. The hub runs a domain command per
// name; the console core applies the same change optimistically to its local view.
import { z } from 'zod';
import { createCaseArgsSchema, deleteCaseArgsSchema, resolveConflictArgsSchema, updateCaseArgsSchema } from '../domain.js';
import { updateSettingArgsSchema } from '../settings.js';
import { addCaseNoteArgsSchema, handleEscalationArgsSchema, markNotificationsReadArgsSchema, sendCaseReplyArgsSchema } from '../case-events.js';
import {
  addReportPhotoArgsSchema,
  cancelVisitArgsSchema,
  closeCaseArgsSchema,
  removeReportPhotoArgsSchema,
  reopenCaseArgsSchema,
  reviewServiceReportArgsSchema,
  savePartArgsSchema,
  saveServiceReportArgsSchema,
  scheduleVisitArgsSchema,
  submitServiceReportArgsSchema,
  updateVisitArgsSchema,
} from '../service.js';

export const MUTATION_ARG_SCHEMAS = {
  createCase: createCaseArgsSchema,
  updateCase: updateCaseArgsSchema,
  deleteCase: deleteCaseArgsSchema,
  resolveConflict: resolveConflictArgsSchema,
  updateSetting: updateSettingArgsSchema,
  addCaseNote: addCaseNoteArgsSchema,
  sendCaseReply: sendCaseReplyArgsSchema,
  markNotificationsRead: markNotificationsReadArgsSchema,
  handleEscalation: handleEscalationArgsSchema,
  savePart: savePartArgsSchema,
  scheduleVisit: scheduleVisitArgsSchema,
  updateVisit: updateVisitArgsSchema,
  cancelVisit: cancelVisitArgsSchema,
  saveServiceReport: saveServiceReportArgsSchema,
  submitServiceReport: submitServiceReportArgsSchema,
  reviewServiceReport: reviewServiceReportArgsSchema,
  addReportPhoto: addReportPhotoArgsSchema,
  removeReportPhoto: removeReportPhotoArgsSchema,
  closeCase: closeCaseArgsSchema,
  reopenCase: reopenCaseArgsSchema,
} as const;
export type MutationName = keyof typeof MUTATION_ARG_SCHEMAS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARG_SCHEMAS) as MutationName[];
export type MutationArgs<N extends MutationName> = z.output<(typeof MUTATION_ARG_SCHEMAS)[N]>;

/** Largest accepted mutation, serialised; keeps one bad client from filling the change log. */
export const MAX_MUTATION_BYTES = 256 * 1024;

export const mutationSchema = z.object({
  /** Per-client sequence number, starting at 1, without gaps. */
  id: z.number().int().positive(),
  name: z.enum(MUTATION_NAMES as [MutationName, ...MutationName[]]),
  args: z.unknown(),
  /** The change-log version each field read by this mutation had when the user saw it. */
  baseVersions: z.record(z.string().max(64), z.number().int().nonnegative()),
  /** When the user made the change (client clock; informational, for the audit trail). */
  createdAt: z.string().max(40),
  /** Made while the console was offline, replayed on reconnect (for the audit trail). */
  offline: z.boolean().optional(),
});
export type Mutation = Readonly<z.infer<typeof mutationSchema>>;
