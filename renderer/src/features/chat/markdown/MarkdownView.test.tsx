import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CHUNK_BLOCKS, MarkdownView } from './MarkdownView';

/** An answer of `n` blocks: paragraphs, headings, lists and a rule. */
function answer(n: number): string {
  const kinds = [(i: number) => `Paragraph ${i} with **bold** text.`, (i: number) => `## Step ${i}`, (i: number) => `- item ${i}\n- another`, () => '---'];
  return Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!(i)).join('\n\n');
}

describe('MarkdownView', () => {
  it('a live answer renders in chunks of blocks, holding exactly what the answer renders without them', () => {
    const text = answer(CHUNK_BLOCKS * 2 + 5);
    const live = markup(<MarkdownView text={text} streaming />);
    const settled = markup(<MarkdownView text={text} />);
    expect(live.match(/class="md-chunk"/g)).toHaveLength(3);
    expect(live.startsWith('<div class="md md-live">')).toBe(true);
    expect(settled).not.toContain('md-chunk');
    const unwrapped = live
      .replace(/<\/div><div class="md-chunk">/g, '')
      .replace('<div class="md-chunk">', '')
      .replace(/<\/div><\/div>$/, '</div>')
      .replace('md md-live', 'md');
    expect(unwrapped).toBe(settled);
  });

  it('a short live answer is one chunk', () => {
    const live = markup(<MarkdownView text={'Hello **there**.\n\nSecond.'} streaming />);
    expect(live).toBe('<div class="md md-live"><div class="md-chunk"><p>Hello <strong>there</strong>.</p><p>Second.</p></div></div>');
  });
});

/** Markup without the line breaks a parse puts between top-level elements. */
function markup(element: React.ReactElement): string {
  return renderToStaticMarkup(element).replace(/>\s+</g, '><');
}
