import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../shared/conversation';
import { PAGE_SIZE, sessionPage } from './sessionList';

const conv = (id: string, workspace?: string): ConversationSummary => ({ id, title: `T ${id}`, createdAt: 0, updatedAt: Date.UTC(2026, 0, 2), messageCount: 2, ...(workspace ? { workspace } : {}) });

describe('session/list from the history', () => {
  it('conversations with a folder, of the editor’s folder when it names one', () => {
    const all = [conv('a', '/ws'), conv('b'), conv('c', '/other')];
    expect(sessionPage(all, {})).toEqual({
      sessions: [
        { sessionId: 'a', cwd: '/ws', title: 'T a', updatedAt: '2026-01-02T00:00:00.000Z' },
        { sessionId: 'c', cwd: '/other', title: 'T c', updatedAt: '2026-01-02T00:00:00.000Z' },
      ],
    });
    expect(sessionPage(all, { cwd: '/ws' }).sessions.map((s) => s.sessionId)).toEqual(['a']);
  });

  it('pages with a cursor; a bad cursor starts over', () => {
    const many = Array.from({ length: PAGE_SIZE + 5 }, (_, i) => conv(`c${i}`, '/ws'));
    const first = sessionPage(many, {});
    expect(first.sessions).toHaveLength(PAGE_SIZE);
    expect(first.nextCursor).toBe(String(PAGE_SIZE));
    const second = sessionPage(many, { cursor: first.nextCursor! });
    expect(second.sessions.map((s) => s.sessionId)).toEqual(['c50', 'c51', 'c52', 'c53', 'c54']);
    expect(second.nextCursor).toBeUndefined();
    expect(sessionPage(many, { cursor: 'garbage' }).sessions[0]!.sessionId).toBe('c0');
  });
});
