// Error model shared by every boundary: expected failures are AppErrors with a closed set of codes;
// they cross IPC, WebSocket and HTTP only as `{ ok: false, error: { code, message, details } }`.
import { z } from 'zod';

export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Field-level problems, keyed by dotted field path, for forms to show next to their inputs. */
export type FieldErrors = Readonly<Record<string, string>>;

export type ErrorDetails = Readonly<{
  fields?: FieldErrors;
  retryAfterSeconds?: number;
  [key: string]: unknown;
}>;

export type ErrorBody = Readonly<{ code: ErrorCode; message: string; details?: ErrorDetails }>;

export const errorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type Result<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: ErrorBody }>;

/** An expected failure with a message a person can act on. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toBody(): ErrorBody {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** A broken invariant: a bug in our code, never the user's input. */
export class BugIndicatingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BugIndicatingError';
  }
}

export function missingCase(value: never): never {
  throw new BugIndicatingError(`Unhandled case: ${JSON.stringify(value)}`);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Turns anything thrown into a body safe to send; unexpected errors never leak their internals. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  return { code: 'INTERNAL', message: 'Something went wrong on our side. The problem has been logged.' };
}

export function fromErrorBody(body: ErrorBody): AppError {
  return new AppError(body.code, body.message, body.details);
}

/** Converts a zod failure into a VALIDATION AppError with one message per field. */
export function validationError(issues: readonly z.core.$ZodIssue[], message = 'Some fields need attention.'): AppError {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (!(key in fields)) fields[key] = issue.message;
  }
  return new AppError('VALIDATION', message, { fields });
}

/** Parses with a schema or throws a VALIDATION AppError. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, message?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error.issues, message);
  return parsed.data;
}

export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};
