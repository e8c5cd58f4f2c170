import { describe, expect, it } from 'vitest';
import { NoticeBoard } from './noticeBoard';

describe('NoticeBoard', () => {
  it('reports one unreadable conversation once, with where it was kept', () => {
    const board = new NoticeBoard();
    board.add({ kind: 'unreadable', file: '/h/quarantine/a.jsonl', reason: 'not JSON' });
    board.add({ kind: 'unreadable', file: '/h/quarantine/a.jsonl', reason: 'not JSON' });
    const [n, ...rest] = board.take();
    expect(rest).toEqual([]);
    expect(n).toMatchObject({
      kind: 'unreadable',
      level: 'warning',
      path: '/h/quarantine/a.jsonl',
      message: '1 conversation could not be read; it was kept at /h/quarantine/a.jsonl.',
      files: [{ file: '/h/quarantine/a.jsonl', reason: 'not JSON' }],
    });
    expect(board.take()).toEqual([]);
    board.add({ kind: 'unreadable', file: '/h/quarantine/a.jsonl', reason: 'again' });
    expect(board.take()).toEqual([]);
  });

  it('groups several files of a kind into one notice pointing at their folder', () => {
    const board = new NoticeBoard();
    board.add({ kind: 'unreadable', file: '/h/quarantine/a.jsonl', reason: 'x' });
    board.add({ kind: 'unreadable', file: '/h/quarantine/b.jsonl', reason: 'y' });
    board.add({ kind: 'newer', file: '/h/conversations/c.jsonl', reason: 'v2' });
    const notices = board.take();
    expect(notices.map((n) => n.kind)).toEqual(['unreadable', 'newer']);
    expect(notices[0]?.message).toBe('2 conversations could not be read; they were kept in /h/quarantine.');
    expect(notices[1]?.message).toMatch(/newer version of Punie/);
    expect(new Set(notices.map((n) => n.id)).size).toBe(2);
  });
});
