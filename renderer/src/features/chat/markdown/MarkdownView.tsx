import { memo, useMemo } from 'react';
import { splitMarkdownBlocks } from './markdownBlocks';
import { renderMarkdown, renderMarkdownDraft } from './renderMarkdown';

/** A finished message: parsed once (cached by text). */
export const MarkdownView = memo(function MarkdownView({ text }: { text: string }) {
  const element = useMemo(() => renderMarkdown(text), [text]);
  return <div className="md">{element}</div>;
});

/**
 * A message still streaming: its finished blocks come from the cache and only
 * the growing last block is parsed again (the store updates at most once per frame).
 */
export const StreamingMarkdownView = memo(function StreamingMarkdownView({ text }: { text: string }) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  const tail = blocks[blocks.length - 1] ?? '';
  return (
    <div className="md md-streaming">
      {blocks.slice(0, -1).map((block, i) => (
        <StableBlock key={i} text={block} />
      ))}
      {tail ? <div className="md-tail">{renderMarkdownDraft(tail)}</div> : null}
    </div>
  );
});

const StableBlock = memo(function StableBlock({ text }: { text: string }) {
  return renderMarkdown(text);
});
