// Turns anything a call rejected with into one sentence a person can act on. Never shows a stack:
// unexpected errors get a generic message (the core has already logged the details).
import { isAppError } from '../../../shared/errors.js';

export const GENERIC_ERROR_MESSAGE = 'Something went wrong. Please try again.';

export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`;
  const minutes = Math.ceil(s / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function userMessage(error: unknown): string {
  if (!isAppError(error)) return GENERIC_ERROR_MESSAGE;
  const message = error.message.trim() || GENERIC_ERROR_MESSAGE;
  const retryAfter = error.details?.retryAfterSeconds;
  if (error.code === 'RATE_LIMITED' && typeof retryAfter === 'number' && Number.isFinite(retryAfter) && !/try again/i.test(message)) {
    return `${message} Try again in ${formatDuration(retryAfter)}.`;
  }
  return message;
}

/** Field messages of a VALIDATION (or CONFLICT) failure, keyed by dotted path; empty for anything else. */
export function fieldErrors(error: unknown): Readonly<Record<string, string>> {
  if (!isAppError(error)) return {};
  const fields = error.details?.fields;
  if (typeof fields !== 'object' || fields === null) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** The hub is out of reach (offline, or the core cannot reach it): admin screens say so plainly. */
export function isUnavailable(error: unknown): boolean {
  return isAppError(error) && error.code === 'UNAVAILABLE';
}
