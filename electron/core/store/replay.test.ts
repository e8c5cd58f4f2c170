import { describe, expect, it } from 'vitest';
import type { LogRecord } from './records';
import { replay } from './replay';

const meta: LogRecord = { v: 1, t: 'meta', id: 'c', createdAt: 10, title: '', model: 'local:' };
const user = (id: string, content: string, at = 20): LogRecord => ({ v: 1, t: 'msg', at, message: { role: 'user', id, content, createdAt: at } });
const answer = (id: string, content: string, status: 'partial' | 'complete', at = 30): LogRecord => ({
  v: 1,
  t: 'msg',
  at,
  message: { role: 'assistant', id, content, createdAt: at, status, model: 'local:qwen' },
});

describe('replay', () => {
  it('needs a header first', () => {
    expect(replay([])).toEqual({ ok: false, reason: 'no conversation header' });
    expect(replay([user('u', 'hi')]).ok).toBe(false);
  });

  it('grows an answer by appends and lets a later whole record replace it', () => {
    const r = replay([
      meta,
      user('u', 'Question'),
      answer('a', 'Par', 'partial'),
      { v: 1, t: 'append', at: 31, messageId: 'a', content: 'tial', reasoning: 'hmm' },
      answer('a', 'Partial and final', 'complete', 40),
    ]);
    if (!r.ok) throw new Error(r.reason);
    expect(r.conversation.messages).toHaveLength(2);
    expect(r.conversation.messages[1]).toMatchObject({ content: 'Partial and final', status: 'complete' });
    expect(r.conversation).toMatchObject({ title: 'Question', model: 'local:qwen', createdAt: 10, updatedAt: 40, messageCount: 2, preview: 'Partial and final' });
  });

  it('leaves an answer a crash cut short as partial', () => {
    const r = replay([meta, user('u', 'Q'), answer('a', 'cut', 'partial'), { v: 1, t: 'append', at: 31, messageId: 'a', content: ' off' }]);
    expect(r.ok && r.conversation.messages[1]).toMatchObject({ content: 'cut off', status: 'partial' });
  });

  it('uses the latest rename and the trim marker', () => {
    const r = replay([meta, user('u', 'Q'), { v: 1, t: 'title', at: 50, title: 'First' }, { v: 1, t: 'title', at: 60, title: 'Second' }, { v: 1, t: 'trim', at: 61, before: 1 }]);
    expect(r.ok && r.conversation).toMatchObject({ title: 'Second', trimmedBefore: 1, updatedAt: 61 });
  });

  it('rejects records that make no sense where they stand, and applies the rest', () => {
    const r = replay([
      meta,
      { v: 1, t: 'append', at: 21, messageId: 'nobody', content: 'x' },
      user('u', 'Q'),
      { v: 1, t: 'append', at: 22, messageId: 'u', content: 'x' },
      meta,
      answer('u', 'role change', 'complete'),
    ]);
    if (!r.ok) throw new Error(r.reason);
    expect(r.rejected.map((x) => x.record)).toEqual([2, 4, 5, 6]);
    expect(r.applied).toHaveLength(2);
    expect(r.conversation.messages).toEqual([expect.objectContaining({ role: 'user', content: 'Q' })]);
  });
});
