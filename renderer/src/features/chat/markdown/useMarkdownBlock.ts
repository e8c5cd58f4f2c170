import { useEffect, useState, type ReactElement } from 'react';
import { createIdleQueue } from '../../../lib/idleQueue';
import { highlightPlugin, loadHighlighter, whenHighlighterLoads } from './highlighting';
import { cachedMarkdown, hasHighlightableCode, renderMarkdown, renderMarkdownDraft } from './renderMarkdown';

/** Highlighting waits for idle time, one block at a time: it never lengthens a frame of a streaming answer or a scroll. */
const highlighting = createIdleQueue({ timeoutMs: 1_000 });

/**
 * The element for one Markdown block. A draft is parsed plainly each time.
 * A finished block comes from the cache; one not parsed yet is parsed now,
 * except that code to highlight is shown plain first and highlighted in idle
 * time (once the highlighter has loaded), after which the block renders again
 * from the cache.
 */
export function useMarkdownBlock(text: string, draft: boolean): ReactElement {
  const [, setHighlighted] = useState(0);
  const cached = draft ? undefined : cachedMarkdown(text);
  const deferred = !draft && !cached && hasHighlightableCode(text);

  useEffect(() => {
    if (!deferred) return;
    let live = true;
    let cancel = () => {};
    loadHighlighter().then(
      () => {
        if (!live) return;
        cancel = highlighting.request(
          text,
          () => void renderMarkdown(text),
          () => setHighlighted((n) => n + 1),
        );
      },
      (e: unknown) => console.error('[punie] the code highlighter did not load', e),
    );
    return () => {
      live = false;
      cancel();
    };
  }, [text, deferred]);

  if (draft || deferred) return renderMarkdownDraft(text);
  return cached ?? renderMarkdown(text);
}

/** Renders the caller again once the highlighter has loaded, when `waiting` (its code showed plain for want of it). */
export function useHighlighterLoaded(waiting: boolean): void {
  const [, setLoaded] = useState(false);
  useEffect(() => (waiting && !highlightPlugin() ? whenHighlighterLoads(() => setLoaded(true)) : undefined), [waiting]);
}
