import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ArrowDownIcon } from '../../ui/icons';
import { RunItem } from './RunItem';
import type { RunView } from './runView';
import { UserMessage } from './UserMessage';

const NEAR_BOTTOM_PX = 64;

/**
 * The conversation as a virtual list (only rows near the viewport are in the
 * DOM), one row per run. Follows the growing answer while the reader is at
 * the bottom; scrolling up stops following and offers a way back.
 */
export function ChatView({ runs, pending, contextStart }: { runs: RunView[]; pending?: string; contextStart?: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const count = runs.length + (pending ? 1 : 0);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 220,
    overscan: 3,
    getItemKey: (i) => (i < runs.length ? runs[i]!.runId : 'pending'),
  });

  const toBottom = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const near = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    follow.current = near;
    setShowJump(!near);
  };

  // A new prompt always brings the view down to it.
  const lastKey = count > 0 ? (pending ? 'pending' : runs[runs.length - 1]!.runId) : '';
  useEffect(() => {
    follow.current = true;
    setShowJump(false);
  }, [lastKey]);

  const total = virtualizer.getTotalSize();
  const lastRun = runs[runs.length - 1];
  useLayoutEffect(() => {
    if (follow.current) toBottom();
  }, [total, lastRun, count, toBottom]);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="chat">
      <div ref={scrollRef} className="chat-scroll" onScroll={onScroll} data-testid="chat-scroll">
        <div className="chat-track" style={{ height: total }}>
          <div className="chat-window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="chat-row">
                <div className="chat-column">
                  {item.index < runs.length ? (
                    <>
                      {runs[item.index]!.runId === contextStart && item.index > 0 ? <ContextMarker /> : null}
                      <RunItem run={runs[item.index]!} />
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
            follow.current = true;
            setShowJump(false);
            toBottom();
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
