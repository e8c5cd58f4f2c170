import { memo, useRef, useState } from 'react';
import { hasDefinitions, splitMarkdownBlocksFrom, type BlockSplit } from './markdownBlocks';
import { renderMarkdown } from './renderMarkdown';
import { useMarkdownBlock } from './useMarkdownBlock';

/**
 * An answer's Markdown, block by block (markdownBlocks.ts): each finished
 * block is parsed once and its element comes from the cache, so a growing
 * answer re-renders only its last block (the store updates at most once per
 * frame), and the end of the stream re-renders only that block again, as
 * finished, instead of parsing the whole answer and replacing its DOM. The
 * blocks' elements sit side by side in one `.md`, as one parse would put them.
 *
 * A view that saw its text stream (`live`) lets the browser skip the style,
 * layout and paint of finished blocks out of view (`content-visibility`):
 * each was laid out on screen as it arrived, so the browser knows its size.
 */
export const MarkdownView = memo(function MarkdownView({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const [live] = useState(streaming);
  const split = useBlockSplit(text, !streaming);
  const className = live ? 'md md-live' : 'md';
  // Definitions reach across blocks: such a text is parsed whole once finished.
  if (!streaming && hasDefinitions(text)) return <div className={className}>{renderMarkdown(text)}</div>;
  const last = split.blocks.length - 1;
  return (
    <div className={className}>
      {split.blocks.map((block, i) => (
        <MarkdownBlock key={i} text={block} draft={streaming && i === last} />
      ))}
    </div>
  );
});

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
