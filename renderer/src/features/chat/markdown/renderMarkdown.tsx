import type { ReactElement } from 'react';
import Markdown, { type Components, type Options } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';
import { MarkdownImage } from './MarkdownImage';
import { MarkdownLink } from './MarkdownLink';

/**
 * Markdown (GFM) to React elements, with highlighted code. Raw HTML in the
 * text is never rendered. Results are cached by text, so a finished message
 * is parsed once however often its row scrolls in and out of view.
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

/** One highlighter for every render: building one registers every grammar again. */
const highlighter = rehypeHighlight({ detect: false });
const sharedHighlight = () => highlighter;

const options: Omit<Options, 'children'> = {
  remarkPlugins: [remarkGfm],
  rehypePlugins: [sharedHighlight],
  components,
  skipHtml: true,
};

/** The growing tail of a streaming answer skips highlighting (it is highlighted once, when finished). */
const plainOptions: Omit<Options, 'children'> = { ...options, rehypePlugins: [] };

const MAX_CACHED = 400;
const cache = new Map<string, ReactElement>();

export function renderMarkdown(text: string): ReactElement {
  const hit = cache.get(text);
  if (hit) {
    // Most recently used goes last; the oldest is first to leave.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const element = Markdown({ ...options, children: text });
  cache.set(text, element);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return element;
}

/** Renders without caching or highlighting: the growing tail of a streaming answer, re-rendered each frame. */
export function renderMarkdownDraft(text: string): ReactElement {
  return Markdown({ ...plainOptions, children: text });
}
