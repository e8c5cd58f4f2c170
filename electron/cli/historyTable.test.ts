import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../shared/conversation';
import { formatDate, formatHistoryTable } from './historyTable';
import { textWidth } from './textWidth';

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

  it('lines up titles and models written in CJK or with emoji, and fits the terminal width', () => {
    const table = formatHistoryTable(
      [
        summary({ id: 'c1', model: 'local:通义千问', title: '修复登录页的错误，然后补上测试', messageCount: 4 }),
        summary({ id: 'c2', model: 'test', title: '🚀 Ship the release 🎉 and tell everyone about it in the changelog', messageCount: 10 }),
      ],
      { timeZone: 'UTC', maxWidth: 60 },
    );
    const lines = table.split('\n');
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(60);
    // The model and title columns start at the same display column on every line.
    const starts = lines.map((l) => textWidth(l.slice(0, l.search(/(test|local:|MODEL)/))));
    expect(new Set(starts).size).toBe(1);
    expect(lines[2]).toMatch(/^2025-03-04 17:05  c2  +10  test +🚀 Ship/);
    expect(lines[2]).toMatch(/…$/);
  });

  it('formats dates to the minute, 24-hour', () => {
    expect(formatDate(Date.UTC(2024, 11, 31, 0, 7), 'UTC')).toBe('2024-12-31 00:07');
    expect(formatDate(Date.UTC(2024, 0, 1, 23, 59), 'Asia/Tokyo')).toBe('2024-01-02 08:59');
  });
});
