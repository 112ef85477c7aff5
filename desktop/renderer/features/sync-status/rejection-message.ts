// Wording of the notification for a change the hub refused.
export function rejectionMessage(caseLabel: string | null, message: string): string {
  return `Change refused: ${caseLabel ?? 'a case'} — ${message}`;
}
