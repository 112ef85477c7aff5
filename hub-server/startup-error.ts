// A failure to start the hub that a person can fix (bad option, port in use, unwritable folder):
// the CLI prints its message on one line, without a stack trace.
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
