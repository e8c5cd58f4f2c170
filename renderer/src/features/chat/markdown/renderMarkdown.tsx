import type { ReactElement } from 'react';
import Markdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';
import { highlightPlugin, loadHighlighter } from './highlighting';
import { MarkdownImage } from './MarkdownImage';
import { MarkdownLink } from './MarkdownLink';

/**
 * Markdown (GFM) to React elements, with highlighted code (once the
 * highlighter has loaded: highlighting.ts). Raw HTML in the text is never
 * rendered. Results are cached by text (a message's blocks, see
 * markdownBlocks.ts), so a finished block is parsed once however often its
 * row scrolls in and out of view.
 */
const components: Components = {
  a: MarkdownLink,
  pre: CodeBlock,
  img: MarkdownImage,
  table: ({ node: _node, ...props }) => (
    <div className="md-table">
      <table {...props} />
    </div>
  ),
};

/** The growing tail of a streaming answer skips highlighting (it is highlighted once, when finished). */
const plainOptions: Omit<Options, 'children'> = {
  remarkPlugins: [remarkGfm],
  rehypePlugins: [],
  components,
  skipHtml: true,
};
let highlightedOptions: Omit<Options, 'children'> | undefined;

/** Blocks kept parsed (a long answer is a hundred or so). */
const MAX_CACHED = 3_000;
const cache = new Map<string, ReactElement>();

/**
 * Parses and highlights `text`, or gives back what an earlier call made of the
 * same text. Code to highlight before the highlighter has loaded is shown
 * plain (not cached) and starts the load.
 */
export function renderMarkdown(text: string): ReactElement {
  const hit = cachedMarkdown(text);
  if (hit) return hit;
  const highlight = highlightPlugin();
  if (!highlight && hasHighlightableCode(text)) {
    loadHighlighter().catch((e: unknown) => console.error('[punie] the code highlighter did not load', e));
    return renderMarkdownDraft(text);
  }
  highlightedOptions ??= highlight ? { ...plainOptions, rehypePlugins: [highlight] } : undefined;
  const element = Markdown({ ...(highlightedOptions ?? plainOptions), children: text });
  cache.set(text, element);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return element;
}

/** What `renderMarkdown` made of `text` before, without parsing it. */
export function cachedMarkdown(text: string): ReactElement | undefined {
  const hit = cache.get(text);
  if (hit) {
    // Most recently used goes last; the oldest is first to leave.
    cache.delete(text);
    cache.set(text, hit);
  }
  return hit;
}

/** Renders without caching or highlighting: the growing tail of a streaming answer, and code waiting for its highlighting. */
export function renderMarkdownDraft(text: string): ReactElement {
  return Markdown({ ...plainOptions, children: text });
}

/** Whether highlighting would change the text's rendering: it holds a fenced code block that names its language. */
export function hasHighlightableCode(text: string): boolean {
  return HIGHLIGHTABLE_FENCE.test(text);
}

const HIGHLIGHTABLE_FENCE = /^ {0,3}(?:`{3,}[ \t]*[^`\s]|~{3,}[ \t]*\S)/m;
