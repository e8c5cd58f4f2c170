import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { ArrowDownIcon } from '../../ui/icons';
import type { BranchInfo } from './branchPath';
import { RunItem } from './RunItem';
import type { RunView } from '../../../../shared/runView';
import { UserMessage } from './UserMessage';

/** Within this of the end the view counts as at the bottom: it follows the growing answer, and no "Latest" button shows. */
const NEAR_BOTTOM_PX = 64;

/**
 * The conversation as a virtual list (only rows near the viewport are in the
 * DOM), one row per run. The list is anchored to its end: while the reader is
 * at the bottom, a row that grows (the streaming answer) or a row added keeps
 * the view at the bottom, from the rows' measured sizes (ResizeObserver), with
 * no layout read per update; scrolling up leaves the view where the reader
 * put it and offers a way back. A new prompt always brings the view down.
 */
export function ChatView({
  runs,
  branches = {},
  pending,
  contextStart,
  editable = false,
}: {
  runs: RunView[];
  /** Runs with other branches beside them (`‹ 1/2 ›`). */
  branches?: Record<string, BranchInfo>;
  pending?: string;
  contextStart?: string;
  /** Prompts can be edited and answers regenerated (the main window, no run going). */
  editable?: boolean;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [showJump, setShowJump] = useState(false);
  const count = runs.length + (pending ? 1 : 0);

  const onChange = useCallback((instance: Virtualizer<HTMLDivElement, Element>) => {
    setShowJump(distanceFromEnd(instance) > NEAR_BOTTOM_PX);
  }, []);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 220,
    overscan: 3,
    getItemKey: (i) => (i < runs.length ? runs[i]!.runId : 'pending'),
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: NEAR_BOTTOM_PX,
    onChange,
  });

  // Opening the conversation, and each new prompt, bring the view down to the latest.
  const lastKey = count > 0 ? (pending ? 'pending' : runs[runs.length - 1]!.runId) : '';
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
    setShowJump(false);
  }, [lastKey, virtualizer]);

  const total = virtualizer.getTotalSize();
  const items = virtualizer.getVirtualItems();
  return (
    <div className="chat">
      <div ref={scrollRef} className="chat-scroll" data-testid="chat-scroll">
        <div className="chat-track" style={{ height: total }}>
          <div className="chat-window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="chat-row">
                <div className="chat-column">
                  {item.index < runs.length ? (
                    <>
                      {runs[item.index]!.runId === contextStart && item.index > 0 ? <ContextMarker /> : null}
                      <RunItem run={runs[item.index]!} branch={branches[runs[item.index]!.runId]} editable={editable} />
                    </>
                  ) : (
                    <article className="run run-pending" aria-busy="true">
                      <UserMessage text={pending ?? ''} />
                      <div className="assistant">
                        <div className="working" role="status" aria-label="Starting">
                          <span className="working-dot" />
                          <span className="working-dot" />
                          <span className="working-dot" />
                        </div>
                      </div>
                    </article>
                  )}
                </div>
              </div>
            ))}
          </div>
        </div>
      </div>
      {showJump ? (
        <button
          type="button"
          className="btn btn-sm jump-latest"
          onClick={() => {
            setShowJump(false);
            virtualizer.scrollToEnd();
          }}
        >
          <ArrowDownIcon size={14} /> Latest
        </button>
      ) : null}
    </div>
  );
}

/** Where the model's view of the conversation began last time: older messages were left out to fit its context. */
function ContextMarker() {
  return (
    <div className="context-marker" role="note" data-testid="context-marker">
      <span className="context-marker-line" aria-hidden="true" />
      <span className="context-marker-text">Earlier messages were left out to fit the model’s context</span>
      <span className="context-marker-line" aria-hidden="true" />
    </div>
  );
}

/** How far the view is from the end, by the list's own measurements (no layout read). */
function distanceFromEnd(instance: Virtualizer<HTMLDivElement, Element>): number {
  return Math.max(0, instance.getTotalSize() - (instance.scrollOffset ?? 0) - (instance.scrollRect?.height ?? 0));
}
