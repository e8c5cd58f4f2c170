import { describe, expect, it } from 'vitest';
import { promptText } from './promptText';

describe('an editor prompt as one text', () => {
  it('text and mentions in place, workspace-relative', () => {
    expect(
      promptText(
        [
          { type: 'text', text: 'Fix' },
          { type: 'resource_link', uri: 'file:///ws/src/a.ts', name: 'a.ts' },
          { type: 'text', text: 'and' },
          { type: 'resource_link', uri: 'file:///elsewhere/b.ts', name: 'b.ts' },
        ],
        '/ws',
      ),
    ).toBe('Fix @src/a.ts and @/elsewhere/b.ts');
  });

  it('embedded files follow the message in tagged blocks', () => {
    const text = promptText(
      [
        { type: 'text', text: 'Explain ' },
        { type: 'resource', resource: { uri: 'file:///ws/notes.md', text: '# Notes\nunsaved' } },
      ],
      '/ws',
    );
    expect(text).toBe('Explain @notes.md\n\n<file path="notes.md">\n# Notes\nunsaved\n</file>');
  });

  it('refuses images and empty prompts with words', () => {
    expect(() => promptText([{ type: 'image', data: 'AAAA', mimeType: 'image/png' }], '/ws')).toThrow(/cannot send images/);
    expect(() => promptText([{ type: 'text', text: '  ' }], '/ws')).toThrow('The prompt is empty.');
  });

  it('a huge embedded file is cut with a note', () => {
    const text = promptText([{ type: 'resource', resource: { uri: 'file:///ws/big.txt', text: 'x'.repeat(300_000) } }], '/ws');
    expect(text.length).toBeLessThan(201_000);
    expect(text).toContain('read it with read_file for the rest');
  });
});
