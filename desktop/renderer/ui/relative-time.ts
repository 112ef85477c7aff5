// "5 min ago" style times for session and sign-in lists, with the exact time kept for a tooltip.
export function relativeTime(iso: string | null, now: Date): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  const seconds = Math.round((now.getTime() - at.getTime()) / 1000);
  if (seconds < -60) return 'in the future';
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}
