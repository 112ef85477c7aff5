// What an admin sees as a mailbox's last error: the server's own words where it gave them, never a
// password (redacted even if a server echoes it back).
export function describeMailError(error: unknown, secrets: readonly (string | null)[] = []): string {
  let text: string;
  if (error instanceof Error) {
    const extra = error as Error & { responseText?: string; response?: string; code?: string; authenticationFailed?: boolean };
    const detail = extra.responseText ?? extra.response;
    text = extra.authenticationFailed ? 'The server refused the user name or password.' : error.message;
    if (detail && !text.includes(detail)) text = `${text} (${detail})`;
    if (extra.code && !text.includes(extra.code)) text = `${text} [${extra.code}]`;
  } else {
    text = String(error);
  }
  for (const secret of secrets) if (secret) text = text.split(secret).join('***');
  return text.slice(0, 500);
}
