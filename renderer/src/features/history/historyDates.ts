import type { ConversationSummary } from '../../../../shared/conversation';

/**
 * The sidebar's dates: conversations grouped under "Today", "Yesterday",
 * "Previous 7 days", "Previous 30 days", then by month; each item's time of
 * day (today) or date (earlier). Pure: the clock and locale are passed in.
 */

export interface HistoryGroup {
  label: string;
  items: ConversationSummary[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The group label for a time, relative to `now` (local time). */
export function groupLabel(at: number, now: number, locale?: string): string {
  const today = startOfDay(now);
  if (at >= today) return 'Today';
  if (at >= today - DAY_MS) return 'Yesterday';
  if (at >= today - 7 * DAY_MS) return 'Previous 7 days';
  if (at >= today - 30 * DAY_MS) return 'Previous 30 days';
  const d = new Date(at);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, sameYear ? { month: 'long' } : { month: 'long', year: 'numeric' }).format(d);
}

/** Items (already newest first) cut into consecutive groups by `updatedAt`. */
export function groupByDate(items: readonly ConversationSummary[], now: number, locale?: string): HistoryGroup[] {
  const groups: HistoryGroup[] = [];
  for (const item of items) {
    const label = groupLabel(item.updatedAt, now, locale);
    const last = groups[groups.length - 1];
    if (last && last.label === label) last.items.push(item);
    else groups.push({ label, items: [item] });
  }
  return groups;
}

/** "14:32" today, "Mon" this week, "3 Mar" this year, "3 Mar 2024" before. */
export function shortDate(at: number, now: number, locale?: string): string {
  const d = new Date(at);
  if (at >= startOfDay(now)) return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(d);
  if (at >= startOfDay(now) - 6 * DAY_MS) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(d);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

/** The full date and time, for a tooltip. */
export function fullDate(at: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}
