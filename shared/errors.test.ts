import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import {
  AppError,
  BugIndicatingError,
  ERROR_CODES,
  HTTP_STATUS_BY_CODE,
  errorBodySchema,
  fromErrorBody,
  isAppError,
  missingCase,
  parseOrThrow,
  toErrorBody,
  validationError,
  type ErrorCode,
} from './errors.js';

const GENERIC = { code: 'INTERNAL', message: 'Something went wrong on our side. The problem has been logged.' };

describe('AppError.toBody', () => {
  it('carries code, message and details', () => {
    const error = new AppError('CONFLICT', 'Someone else changed this case.', { fields: { title: 'Changed by Ann.' } });
    expect(error.toBody()).toEqual({ code: 'CONFLICT', message: 'Someone else changed this case.', details: { fields: { title: 'Changed by Ann.' } } });
  });

  it('omits the details key entirely when there are none', () => {
    const body = new AppError('NOT_FOUND', 'No such case.').toBody();
    expect(body).toEqual({ code: 'NOT_FOUND', message: 'No such case.' });
    expect('details' in body).toBe(false);
  });

  it('produces a body that passes errorBodySchema and comes back as an equal AppError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ERROR_CODES),
        fc.string(),
        fc.option(fc.dictionary(fc.string(), fc.string()), { nil: undefined }),
        (code, message, fields) => {
          const original = new AppError(code, message, fields ? { fields } : undefined);
          const body = original.toBody();
          expect(errorBodySchema.safeParse(JSON.parse(JSON.stringify(body))).success).toBe(true);
          const again = fromErrorBody(body);
          expect(isAppError(again)).toBe(true);
          expect(again.toBody()).toEqual(body);
        },
      ),
    );
  });
});

describe('toErrorBody', () => {
  it('passes an AppError through unchanged', () => {
    expect(toErrorBody(new AppError('FORBIDDEN', 'Your role does not allow this change.'))).toEqual({
      code: 'FORBIDDEN',
      message: 'Your role does not allow this change.',
    });
  });

  it('never leaks the message of an unexpected error', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const secret = `SQLITE_CORRUPT at /home/ops/.data/hub.db ${text}`;
        for (const thrown of [new Error(secret), new TypeError(secret), new BugIndicatingError(secret), secret, { code: 'NOT_FOUND', message: secret }]) {
          const body = toErrorBody(thrown);
          expect(body).toEqual(GENERIC);
          expect(JSON.stringify(body)).not.toContain('SQLITE_CORRUPT');
        }
      }),
    );
  });

  it('handles thrown non-errors (null, undefined, numbers) as INTERNAL', () => {
    for (const thrown of [null, undefined, 42, Symbol('x')]) expect(toErrorBody(thrown)).toEqual(GENERIC);
  });
});

describe('validationError', () => {
  const schema = z.object({
    name: z.string().min(3, 'Name is too short.').regex(/^[A-Z]/, 'Name must start with a capital.'),
    site: z.object({ region: z.string({ message: 'Region must be text.' }) }),
    tags: z.array(z.string({ message: 'Tag must be text.' })),
  });

  it('maps each issue to its dotted field path, keeping the first message per field', () => {
    const parsed = schema.safeParse({ name: 'ab', site: { region: 7 }, tags: ['ok', 5] });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues.filter((i) => i.path[0] === 'name')).toHaveLength(2);
    const error = validationError(parsed.error.issues);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('Some fields need attention.');
    expect(error.details?.fields).toEqual({ name: 'Name is too short.', 'site.region': 'Region must be text.', 'tags.1': 'Tag must be text.' });
  });

  it('files form-level issues (empty path) under "_" and uses a custom message', () => {
    const refined = z.object({ a: z.string() }).refine(() => false, { message: 'Whole form is wrong.' });
    const parsed = refined.safeParse({ a: 'x' });
    if (parsed.success) throw new Error('expected failure');
    const error = validationError(parsed.error.issues, 'Check the form.');
    expect(error.message).toBe('Check the form.');
    expect(error.details?.fields).toEqual({ _: 'Whole form is wrong.' });
  });

  it('gives an empty field map for no issues', () => {
    expect(validationError([]).details?.fields).toEqual({});
  });
});

describe('parseOrThrow', () => {
  const schema = z.object({ title: z.string().trim().min(1, 'Enter a title.') });

  it('returns the parsed (transformed) output', () => {
    expect(parseOrThrow(schema, { title: '  Lamp  ', extra: 1 })).toEqual({ title: 'Lamp' });
  });

  it('throws a VALIDATION AppError with field messages and the given message', () => {
    let caught: unknown;
    try {
      parseOrThrow(schema, { title: '   ' }, 'The case could not be saved.');
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught)).toBe(true);
    if (!isAppError(caught)) return;
    expect(caught.toBody()).toEqual({ code: 'VALIDATION', message: 'The case could not be saved.', details: { fields: { title: 'Enter a title.' } } });
  });

  it('uses the default message when none is given', () => {
    expect(() => parseOrThrow(schema, null)).toThrow('Some fields need attention.');
  });
});

describe('HTTP_STATUS_BY_CODE', () => {
  it('maps exactly the error codes, each to a 4xx or 5xx status', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      const status = HTTP_STATUS_BY_CODE[code];
      expect(Number.isInteger(status)).toBe(true);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('uses the statuses HTTP clients expect for the common codes', () => {
    const expected: Partial<Record<ErrorCode, number>> = {
      BAD_REQUEST: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      RATE_LIMITED: 429,
      INTERNAL: 500,
      UNAVAILABLE: 503,
    };
    for (const [code, status] of Object.entries(expected)) expect(HTTP_STATUS_BY_CODE[code as ErrorCode]).toBe(status);
    expect(HTTP_STATUS_BY_CODE.VALIDATION).toBeGreaterThanOrEqual(400);
    expect(HTTP_STATUS_BY_CODE.VALIDATION).toBeLessThan(500);
  });
});

describe('missingCase', () => {
  it('throws a BugIndicatingError naming the unhandled value, which is not an AppError', () => {
    let caught: unknown;
    try {
      missingCase('teleport' as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BugIndicatingError);
    expect(isAppError(caught)).toBe(false);
    expect((caught as Error).message).toContain('"teleport"');
    expect(toErrorBody(caught)).toEqual(GENERIC);
  });
});
