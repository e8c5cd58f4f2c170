import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { hasDefinitions, splitMarkdownBlocks, splitMarkdownBlocksFrom, type BlockSplit } from './markdownBlocks';
import { renderMarkdownDraft } from './renderMarkdown';

describe('splitMarkdownBlocks', () => {
  it('splits paragraphs at blank lines and keeps the growing tail last', () => {
    expect(splitMarkdownBlocks('# Title\n\nFirst para\nstill first.\n\nSecond is grow')).toEqual(['# Title', 'First para\nstill first.', 'Second is grow']);
  });

  it('never splits inside a code fence, even an unclosed one', () => {
    const text = 'Here:\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter.';
    expect(splitMarkdownBlocks(text)).toEqual(['Here:', '```ts\nconst a = 1;\n\nconst b = 2;\n```', 'After.']);
    expect(splitMarkdownBlocks('Code:\n\n```\nx\n\ny')).toEqual(['Code:', '```\nx\n\ny']);
  });

  it('needs a matching fence to close (a longer opener, the other fence character)', () => {
    const text = '````md\n```\ninner\n```\n\nstill inside\n````\n\nout';
    expect(splitMarkdownBlocks(text)).toEqual(['````md\n```\ninner\n```\n\nstill inside\n````', 'out']);
    expect(splitMarkdownBlocks('~~~\na\n```\n\nb\n~~~\n\nc')).toEqual(['~~~\na\n```\n\nb\n~~~', 'c']);
  });

  it('keeps indented continuations with their block', () => {
    const text = '- item one\n\n    more about one\n- item two\n\nNext';
    expect(splitMarkdownBlocks(text)).toEqual(['- item one\n\n    more about one\n- item two', 'Next']);
  });

  it('keeps a trailing blank line from making an empty block and reassembles the text', () => {
    const text = 'A\n\nB\n\n';
    const blocks = splitMarkdownBlocks(text);
    expect(blocks).toEqual(['A', 'B']);
    expect(splitMarkdownBlocks('')).toEqual(['']);
  });
});

const DOC = [
  '# Plan',
  '',
  'First we read the file, then:',
  '',
  '1. parse it',
  '',
  '2. check the **types**',
  '   - nested point',
  '',
  '3. write it back',
  '',
  '```ts',
  'const a = 1;',
  '',
  'const b = 2;',
  '```',
  '',
  '| col | other |',
  '| --- | ----- |',
  '| 1   | 2     |',
  '',
  '> quoted',
  '',
  '    indented code',
  '',
  'Done.',
].join('\n');

describe('splitMarkdownBlocksFrom (streaming)', () => {
  it('gives the same blocks as one split of the whole, however the text arrives', () => {
    const whole = splitMarkdownBlocks(DOC);
    // Several chunkings, from one character at a time to large pieces.
    for (const size of [1, 2, 3, 7, 16, 50]) {
      let split: BlockSplit | undefined;
      for (let end = size; end < DOC.length + size; end += size) {
        const prefix = DOC.slice(0, Math.min(end, DOC.length));
        split = splitMarkdownBlocksFrom(split, prefix, false);
        // Every block but the last is final: it is a block of the finished text.
        expect(whole.slice(0, split.blocks.length - 1)).toEqual(split.blocks.slice(0, -1));
        expect(split.blocks).toEqual(splitMarkdownBlocks(prefix, { complete: false }));
      }
      expect(splitMarkdownBlocksFrom(split, DOC, true).blocks).toEqual(whole);
    }
  });

  it('keeps a loose ordered list in one block, so its numbering survives', () => {
    expect(splitMarkdownBlocks('1. one\n\n2. two\n\n3. three\n\nAfter')).toEqual(['1. one\n\n2. two\n\n3. three', 'After']);
  });

  it('waits for the line after a blank line to end before splitting while text arrives', () => {
    // "  - x" could still turn out to continue the list; "Next" once whole cannot.
    expect(splitMarkdownBlocks('- a\n\nNe', { complete: false })).toEqual(['- a\n\nNe']);
    expect(splitMarkdownBlocks('- a\n\nNext\n', { complete: false })).toEqual(['- a', 'Next']);
  });

  it('starts over when the text is not a continuation of the previous one', () => {
    const first = splitMarkdownBlocksFrom(undefined, 'A\n\nB\n', false);
    expect(splitMarkdownBlocksFrom(first, 'A\n\nB\n', false)).toBe(first);
    expect(splitMarkdownBlocksFrom(first, 'X\n\nY', true).blocks).toEqual(['X', 'Y']);
  });

  it('parsed block by block, the blocks render as the whole text does', () => {
    const whole = normalise(renderToStaticMarkup(renderMarkdownDraft(DOC)));
    const byBlock = normalise(splitMarkdownBlocks(DOC).map((b) => renderToStaticMarkup(renderMarkdownDraft(b))).join(''));
    expect(byBlock).toBe(whole);
  });
});

describe('hasDefinitions', () => {
  it('finds link reference and footnote definitions, which reach across blocks', () => {
    expect(hasDefinitions('See [the docs][d].\n\n[d]: https://example.com')).toBe(true);
    expect(hasDefinitions('A note[^1].\n\n[^1]: the note')).toBe(true);
    expect(hasDefinitions('A [link](https://example.com) and [brackets] alone.')).toBe(false);
  });
});

/** Markup without the line breaks the parser puts between top-level elements. */
function normalise(html: string): string {
  return html.replace(/>\s+</g, '><').trim();
}
