import { describe, it, expect } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { GENERIC_ERROR_MESSAGE, fieldErrors, formatDuration, isUnavailable, userMessage } from './error-message.js';

describe('userMessage', () => {
  it('shows the message of an expected failure', () => {
    expect(userMessage(new AppError('UNAUTHENTICATED', 'Email or password is incorrect.'))).toBe('Email or password is incorrect.');
  });

  it('adds the retry time to a rate-limit message that lacks it', () => {
    const error = new AppError('RATE_LIMITED', 'Too many sign-in attempts.', { retryAfterSeconds: 42 });
    expect(userMessage(error)).toBe('Too many sign-in attempts. Try again in 42 seconds.');
  });

  it('does not repeat the retry time when the core already gave it', () => {
    const error = new AppError('RATE_LIMITED', 'Too many attempts. Try again in 1 minute.', { retryAfterSeconds: 60 });
    expect(userMessage(error)).toBe('Too many attempts. Try again in 1 minute.');
  });

  it('never leaks the text or stack of an unexpected error', () => {
    const error = new TypeError('Cannot read properties of undefined (reading "x")');
    expect(userMessage(error)).toBe(GENERIC_ERROR_MESSAGE);
    expect(userMessage('boom')).toBe(GENERIC_ERROR_MESSAGE);
  });
});

describe('formatDuration', () => {
  it('uses seconds under a minute and rounds minutes up', () => {
    expect(formatDuration(1)).toBe('1 second');
    expect(formatDuration(0.2)).toBe('1 second');
    expect(formatDuration(59)).toBe('59 seconds');
    expect(formatDuration(60)).toBe('1 minute');
    expect(formatDuration(61)).toBe('2 minutes');
  });
});

describe('fieldErrors', () => {
  it('reads the field messages of a validation failure', () => {
    const error = new AppError('VALIDATION', 'Some fields need attention.', { fields: { email: 'Taken.', 'engineer.skills': 'Too many.' } });
    expect(fieldErrors(error)).toEqual({ email: 'Taken.', 'engineer.skills': 'Too many.' });
  });
  it('gives nothing for other errors or malformed details', () => {
    expect(fieldErrors(new TypeError('x'))).toEqual({});
    expect(fieldErrors(new AppError('VALIDATION', 'Bad.', { fields: 'nope' as unknown as Record<string, string> }))).toEqual({});
  });
});

describe('isUnavailable', () => {
  it('is true only for UNAVAILABLE app errors', () => {
    expect(isUnavailable(new AppError('UNAVAILABLE', 'People needs a connection to the hub.'))).toBe(true);
    expect(isUnavailable(new AppError('FORBIDDEN', 'No.'))).toBe(false);
    expect(isUnavailable(new Error('UNAVAILABLE'))).toBe(false);
  });
});
