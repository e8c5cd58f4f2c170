import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../../shared/conversation';
import { groupByDate, groupLabel, shortDate } from './historyDates';

// Local noon on 2026-03-18, so day boundaries do not depend on the machine's time zone.
const now = new Date(2026, 2, 18, 12, 0).getTime();
const at = (y: number, m: number, d: number, h = 9) => new Date(y, m - 1, d, h, 30).getTime();
const item = (id: string, updatedAt: number): ConversationSummary => ({ id, title: id, createdAt: updatedAt, updatedAt, messageCount: 2 });

describe('history dates', () => {
  it('labels today, yesterday, the last week and month, then months', () => {
    expect(groupLabel(at(2026, 3, 18), now, 'en-US')).toBe('Today');
    expect(groupLabel(at(2026, 3, 17, 23), now, 'en-US')).toBe('Yesterday');
    expect(groupLabel(at(2026, 3, 12), now, 'en-US')).toBe('Previous 7 days');
    expect(groupLabel(at(2026, 2, 20), now, 'en-US')).toBe('Previous 30 days');
    expect(groupLabel(at(2026, 1, 5), now, 'en-US')).toBe('January');
    expect(groupLabel(at(2025, 11, 5), now, 'en-US')).toBe('November 2025');
  });

  it('groups consecutive items and keeps their order', () => {
    const groups = groupByDate([item('a', at(2026, 3, 18, 11)), item('b', at(2026, 3, 18, 8)), item('c', at(2026, 3, 17)), item('d', at(2025, 6, 1))], now, 'en-US');
    expect(groups.map((g) => [g.label, g.items.map((i) => i.id)])).toEqual([
      ['Today', ['a', 'b']],
      ['Yesterday', ['c']],
      ['June 2025', ['d']],
    ]);
  });

  it('shows the time today, the weekday this week, and a date before', () => {
    expect(shortDate(at(2026, 3, 18, 9), now, 'en-GB')).toBe('09:30');
    expect(shortDate(at(2026, 3, 16), now, 'en-GB')).toBe('Mon');
    expect(shortDate(at(2026, 1, 3), now, 'en-GB')).toBe('3 Jan');
    expect(shortDate(at(2024, 1, 3), now, 'en-GB')).toBe('3 Jan 2024');
  });
});
