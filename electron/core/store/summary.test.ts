import { clipText, oneLine } from '../../../shared/text';
import { describe, expect, it } from 'vitest';
import type { ConversationMessage } from '../../../shared/conversation';
import { normalizeTitle, previewOf, summarize, UNTITLED } from './summary';

const user = (content: string): ConversationMessage => ({ role: 'user', id: content, content, createdAt: 1 });
const answer = (content: string, model?: string): ConversationMessage => ({
  role: 'assistant',
  id: content,
  content,
  createdAt: 2,
  ...(model && { model }),
});

describe('titles and previews', () => {
  it('tidies a rename', () => {
    expect(normalizeTitle('  My\tchat ')).toBe('My chat');
    expect(normalizeTitle('   ')).toBe('');
  });

  it('a long answer previews as if it were collapsed whole (whitespace runs, newlines and surrogate pairs around the cut)', () => {
    const word = (i: number) => ['alpha', '😀x', 'beta\n\n', '  gamma\t', ' '.repeat(700), 'δ'][i % 6]!;
    for (let seed = 0; seed < 40; seed++) {
      let text = seed % 3 === 0 ? '   \n' : '';
      for (let i = 0; text.length < 3000; i++) text += word(i * (seed + 1) + seed) + (i % (seed + 2) === 0 ? ' '.repeat(seed * 7) : ' ');
      expect(previewOf([user('q'), answer(text)])).toBe(clipText(oneLine(text), 160));
    }
    expect(previewOf([answer(`${'x'.repeat(2000)}`)])).toBe(clipText('x'.repeat(2000), 160));
    expect(previewOf([answer(`${' '.repeat(5000)}`), user('q')])).toBe('q');
  });

  it('previews the latest answer, else the latest prompt', () => {
    expect(previewOf([user('q1'), answer('a1'), user('q2')])).toBe('a1');
    expect(previewOf([user('q1'), user('q2')])).toBe('q2');
    expect(previewOf([])).toBeUndefined();
  });

  it('summarizes: rename over header title over first prompt; model of the latest answer', () => {
    const base = { id: 'c', createdAt: 1, updatedAt: 5, metaTitle: '', metaModel: 'local:' };
    expect(summarize({ ...base, messages: [] }).title).toBe(UNTITLED);
    expect(summarize({ ...base, messages: [user('Hello')] })).toMatchObject({ title: 'Hello', model: 'local:', messageCount: 1 });
    expect(summarize({ ...base, metaTitle: 'Given', messages: [user('Hello')] }).title).toBe('Given');
    expect(summarize({ ...base, renamedTo: 'Renamed', metaTitle: 'Given', messages: [] }).title).toBe('Renamed');
    expect(summarize({ ...base, messages: [user('q'), answer('a', 'openai:gpt-4.1'), answer('b')] }).model).toBe('openai:gpt-4.1');
  });
});
