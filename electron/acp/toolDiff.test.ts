import { describe, expect, it } from 'vitest';
import { toolDiff } from './toolDiff';

describe('diffs for writes and edits', () => {
  it('a new file: no old text; an overwrite: the text the tool read', () => {
    expect(toolDiff('write_file', { path: 'n.txt', content: 'hi\n' }, undefined, '/ws')).toEqual({ type: 'diff', path: '/ws/n.txt', oldText: null, newText: 'hi\n' });
    expect(toolDiff('write_file', { path: 'n.txt', content: 'hi\n' }, { abs: '/real/ws/n.txt', text: 'old\n' }, '/ws')).toEqual({
      type: 'diff',
      path: '/real/ws/n.txt',
      oldText: 'old\n',
      newText: 'hi\n',
    });
  });

  it('an edit matching once shows the whole file before and after; otherwise the replaced piece', () => {
    const read = { abs: '/ws/a.txt', text: 'one\ntwo\nthree\n' };
    expect(toolDiff('edit_file', { path: 'a.txt', old_text: 'two', new_text: '2' }, read, '/ws')).toEqual({ type: 'diff', path: '/ws/a.txt', oldText: 'one\ntwo\nthree\n', newText: 'one\n2\nthree\n' });
    expect(toolDiff('edit_file', { path: 'a.txt', old_text: 'two\nthree', new_text: 'x' }, { abs: '/ws/a.txt', text: 'two\r\nthree\r\n' }, '/ws')).toEqual({
      type: 'diff',
      path: '/ws/a.txt',
      oldText: 'two\nthree',
      newText: 'x',
    });
  });

  it('nothing for a file that is not text, for other tools, or for arguments that do not fit', () => {
    expect(toolDiff('write_file', { path: 'img.png', content: 'x' }, { abs: '/ws/img.png', text: undefined }, '/ws')).toBeUndefined();
    expect(toolDiff('read_file', { path: 'a' }, undefined, '/ws')).toBeUndefined();
    expect(toolDiff('write_file', { path: 'a' }, undefined, '/ws')).toBeUndefined();
    expect(toolDiff('edit_file', { path: 'a', old_text: '', new_text: 'x' }, undefined, '/ws')).toBeUndefined();
  });
});
