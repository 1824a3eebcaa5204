/** Checks a CronJob schedule the way Kubernetes reads it: five fields, or a macro. */
const MACROS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);
const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: { name: string; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

function value(token: string, f: (typeof FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const idx = f.names?.indexOf(token.toLowerCase()) ?? -1;
  if (idx < 0) return undefined;
  return f.names === MONTHS ? idx + 1 : idx;
}

/**
 * Returns undefined when the schedule parses, else what is wrong with it.
 *
 * @public
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  const s = schedule.trim();
  if (MACROS.has(s.toLowerCase())) return undefined;
  if (/^@every\s/.test(s)) return undefined;
  if (/^(CRON_)?TZ=/.test(s))
    return 'put the time zone in cronJob.timeZone, not in the schedule';
  const parts = s.split(/\s+/);
  if (parts.length !== 5) {
    return `must have 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  }
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i];
    for (const item of parts[i].split(',')) {
      const [range, step, extra] = item.split('/');
      if (
        extra !== undefined ||
        (step !== undefined && !/^\d+$/.test(step)) ||
        step === '0'
      ) {
        return `${f.name} field "${parts[i]}" has a bad step`;
      }
      if (range === '*' || range === '?') continue;
      const [lo, hi, more] = range.split('-');
      const a = value(lo, f);
      const b = hi === undefined ? a : value(hi, f);
      if (more !== undefined || a === undefined || b === undefined) {
        return `${f.name} field "${parts[i]}" is not a number, range or list`;
      }
      if (a < f.min || b > f.max || a > b) {
        return `${f.name} field "${parts[i]}" must be within ${f.min}-${f.max}`;
      }
    }
  }
  return undefined;
}
