import { memo, useRef, useState, type JSX } from 'react';
import { hasDefinitions, splitMarkdownBlocksFrom, type BlockSplit } from './markdownBlocks';
import { hasHighlightableCode, renderMarkdown } from './renderMarkdown';
import { useHighlighterLoaded, useMarkdownBlock } from './useMarkdownBlock';

/**
 * An answer's Markdown, block by block (markdownBlocks.ts): each finished
 * block is parsed once and its element comes from the cache, so a growing
 * answer re-renders only its last block (the store applies streamed words
 * about 30 times a second), and the end of the stream re-renders only that
 * block again, as finished, instead of parsing the whole answer and replacing
 * its DOM. The blocks' elements sit side by side in one `.md`, as one parse
 * would put them.
 *
 * A view that saw its text stream (`live`) groups its blocks in chunks
 * (MarkdownChunk) that the browser skips while out of view
 * (`content-visibility`): each was laid out on screen as it arrived, so the
 * browser knows its size.
 */
export const MarkdownView = memo(function MarkdownView({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const [live] = useState(streaming);
  const split = useBlockSplit(text, !streaming);
  const className = live ? 'md md-live' : 'md';
  // Definitions reach across blocks: such a text is parsed whole once finished.
  const whole = !streaming && hasDefinitions(text);
  useHighlighterLoaded(whole && hasHighlightableCode(text));
  if (whole) return <div className={className}>{renderMarkdown(text)}</div>;
  const last = split.blocks.length - 1;
  const draft = streaming ? last : -1;
  if (!live) return <div className={className}>{blockElements(split.blocks, 0, last + 1, draft)}</div>;
  // Live: the blocks in fixed runs of CHUNK_BLOCKS, so an update reconciles a few chunks, not every block.
  const chunks: JSX.Element[] = [];
  for (let start = 0; start <= last; start += CHUNK_BLOCKS) {
    const end = Math.min(start + CHUNK_BLOCKS, last + 1);
    chunks.push(<MarkdownChunk key={start} blocks={split.blocks} start={start} end={end} draft={draft >= start && draft < end ? draft : -1} />);
  }
  return <div className={className}>{chunks}</div>;
});

/** Blocks in one chunk of a live answer. */
export const CHUNK_BLOCKS = 16;

/**
 * A run of blocks of a live answer. It renders again only when one of its
 * blocks changed or its draft block (the growing one, -1 for none) moved in
 * or out, so the finished chunks of a long answer cost nothing while it
 * streams; out of view, the browser skips their style, layout and paint
 * (markdown.css).
 */
const MarkdownChunk = memo(
  function MarkdownChunk({ blocks, start, end, draft }: { blocks: readonly string[]; start: number; end: number; draft: number }) {
    return <div className="md-chunk">{blockElements(blocks, start, end, draft)}</div>;
  },
  (a, b) => a.start === b.start && a.end === b.end && a.draft === b.draft && sameBlocks(a.blocks, b.blocks, a.start, a.end),
);

/** Whether two splits hold the same blocks from `start` to `end` (checked on every render of a live answer: no copies). */
function sameBlocks(a: readonly string[], b: readonly string[], start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Blocks `start` to `end` (exclusive) as elements; the one at `draft` is the growing one. */
function blockElements(blocks: readonly string[], start: number, end: number, draft: number): JSX.Element[] {
  const items: JSX.Element[] = [];
  for (let i = start; i < end; i++) items.push(<MarkdownBlock key={i} text={blocks[i]!} draft={i === draft} />);
  return items;
}

/** One block: a draft (the growing last block) is parsed each time without highlighting; a finished one comes from the cache. */
const MarkdownBlock = memo(function MarkdownBlock({ text, draft }: { text: string; draft: boolean }) {
  return useMarkdownBlock(text, draft);
});

/** The text's blocks, rescanning only the last block when the text grew from the previous render's. */
function useBlockSplit(text: string, complete: boolean): BlockSplit {
  const previous = useRef<BlockSplit | undefined>(undefined);
  // A cache, not state: the split of a text is the same whichever split it started from.
  const split = splitMarkdownBlocksFrom(previous.current, text, complete);
  previous.current = split;
  return split;
}
