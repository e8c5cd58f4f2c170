import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { highlightPlugin, loadHighlighter } from './highlighting';
import { renderMarkdown, renderMarkdownDraft } from './renderMarkdown';

describe('before the highlighter has loaded', () => {
  it('shows code plain without keeping that rendering, and starts the load', async () => {
    expect(highlightPlugin()).toBeUndefined();
    const text = '```ts\nconst early = 1;\n```';
    const plain = renderToStaticMarkup(renderMarkdown(text));
    expect(plain).toContain('const early = 1;');
    expect(plain).not.toContain('hljs-keyword');
    await loadHighlighter();
    expect(highlightPlugin()).toBeDefined();
    expect(renderToStaticMarkup(renderMarkdown(text))).toContain('class="hljs-keyword"');
  });
});

describe('renderMarkdown', () => {
  beforeAll(async () => {
    await loadHighlighter();
  });

  it('parses a text once: the same text gives back the same element', () => {
    const text = `Cached ${Math.random()}`;
    expect(renderMarkdown(text)).toBe(renderMarkdown(text));
    expect(renderMarkdown(`${text}!`)).not.toBe(renderMarkdown(text));
  });

  it('renders GFM tables, task lists and highlighted code with a copy button', () => {
    const html = renderToStaticMarkup(renderMarkdown('| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done\n\n```ts\nconst x = 1;\n```'));
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('class="hljs-keyword"');
    expect(html).toContain('aria-label="Copy code"');
    expect(html).toContain('class="code-block-lang">ts<');
  });

  it('never renders raw HTML or script links, and shows images as links', () => {
    const html = renderToStaticMarkup(
      renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) ![logo](https://example.com/a.png)'),
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<img');
    expect(html).toContain('Image: logo');
    expect(html).toContain('href="https://example.com/a.png"');
  });

  it('leaves code of a draft unhighlighted (it is highlighted once, when finished)', () => {
    const html = renderToStaticMarkup(renderMarkdownDraft('```ts\nconst x = 1;\n```'));
    expect(html).not.toContain('hljs-keyword');
    expect(html).toContain('const x = 1;');
  });
});
