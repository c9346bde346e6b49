/** "12 minutes", "3 hours", "40 days": how old data is, for messages. */
export function describeAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The date part of an epoch time, `2026-08-21`. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
