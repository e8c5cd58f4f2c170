import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../shared/conversation';
import { formatDate, formatHistoryTable } from './historyTable';

const at = Date.UTC(2025, 2, 4, 17, 5, 30);
const summary = (over: Partial<ConversationSummary>): ConversationSummary => ({ id: 'a1', title: 'T', createdAt: at, updatedAt: at, messageCount: 2, ...over });

describe('history table', () => {
  it('aligns date, id, messages, model and title', () => {
    const table = formatHistoryTable(
      [summary({ id: 'short', model: 'test', title: 'Hello\nthere', messageCount: 12 }), summary({ id: 'a-much-longer-id', title: 'x'.repeat(80), messageCount: 3 })],
      { timeZone: 'UTC' },
    );
    expect(table.split('\n')).toEqual([
      'DATE              ID                MESSAGES  MODEL  TITLE',
      '2025-03-04 17:05  short                   12  test   Hello there',
      `2025-03-04 17:05  a-much-longer-id         3  –      ${'x'.repeat(59)}…`,
    ]);
  });

  it('formats dates to the minute, 24-hour', () => {
    expect(formatDate(Date.UTC(2024, 11, 31, 0, 7), 'UTC')).toBe('2024-12-31 00:07');
    expect(formatDate(Date.UTC(2024, 0, 1, 23, 59), 'Asia/Tokyo')).toBe('2024-01-02 08:59');
  });
});
