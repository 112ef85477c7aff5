// Photos of a service report: the row (tag, caption, the content addresses of the image and its
// thumbnail) is added or removed while the report may be edited; the bytes go to the file store
// separately (routes/files.ts), and submission checks they arrived.
import { AppError } from '../../shared/errors.js';
import type { AddReportPhotoArgs, ReportPhotoRow } from '../../shared/service.js';
import type { WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from './command-context.js';
import { assertEditable, reportForCaller } from './service-reports.js';

export type ReportPhotoResult = Readonly<{ id: string; reportId: string }>;

export const PHOTO_NOT_AVAILABLE = 'This photo does not exist or is not available to you.';

export async function addReportPhoto(tx: WriteTx, ctx: CommandContext, args: AddReportPhotoArgs): Promise<ReportPhotoResult> {
  if (await tx.getReportPhoto(args.id)) throw new AppError('CONFLICT', 'A photo with this id already exists.', { id: args.id });
  const { report } = await reportForCaller(tx, ctx, args.reportId);
  assertEditable(ctx, report);
  const version = await tx.allocateVersion();
  const row: ReportPhotoRow = {
    id: args.id,
    reportId: report.id,
    caseId: report.caseId,
    tag: args.tag,
    caption: args.caption,
    sha256: args.sha256,
    thumbSha256: args.thumbSha256,
    bytes: args.bytes,
    width: args.width,
    height: args.height,
    createdBy: ctx.user.id,
    createdAt: ctx.now,
    version,
  };
  await tx.insertReportPhoto(row);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'reportPhotos', entityId: row.id, op: 'put', before: null, after: row })]);
  return { id: row.id, reportId: report.id };
}

export async function removeReportPhoto(tx: WriteTx, ctx: CommandContext, args: Readonly<{ id: string }>): Promise<ReportPhotoResult> {
  const photo = await tx.getReportPhoto(args.id);
  if (!photo) throw new AppError('NOT_FOUND', PHOTO_NOT_AVAILABLE, { id: args.id });
  const { report } = await reportForCaller(tx, ctx, photo.reportId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', PHOTO_NOT_AVAILABLE, { id: args.id });
    throw error;
  });
  assertEditable(ctx, report);
  const version = await tx.allocateVersion();
  await tx.deleteReportPhoto(photo.id);
  // The blobs stay in the file store: content-addressed, they may be another photo's too.
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'reportPhotos', entityId: photo.id, op: 'del', before: photo, after: null })]);
  return { id: photo.id, reportId: report.id };
}
