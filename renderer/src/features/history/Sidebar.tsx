import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { newConversation, openConversation, useChatStore } from '../../stores/chatStore';
import { setHistoryQuery, useHistoryStore } from '../../stores/historyStore';
import { useModelsStore } from '../../stores/modelsStore';
import { useRunsStore } from '../../stores/runsStore';
import { focusComposer, useUiStore } from '../../stores/uiStore';
import { ChatIcon, CloseIcon, ComposeIcon, SearchIcon } from '../../ui/icons';
import { modLabel } from '../../ui/platform';
import { modelDisplayName } from '../models/modelList';
import { ConversationItem } from './ConversationItem';
import { groupByDate } from './historyDates';

type Row = { kind: 'group'; key: string; label: string } | { kind: 'item'; key: string; index: number };

const GROUP_ROW_PX = 30;
const ITEM_ROW_PX = 66;

/**
 * The history sidebar: search (title and content), then conversations newest
 * first under date headings, as a virtual list (a long history stays
 * instant). ↑/↓ move between conversations, Enter opens one.
 */
export function Sidebar() {
  const items = useHistoryStore((s) => s.items);
  const query = useHistoryStore((s) => s.query);
  const listedQuery = useHistoryStore((s) => s.listedQuery);
  const loaded = useHistoryStore((s) => s.loaded);
  const error = useHistoryStore((s) => s.error);
  const renaming = useHistoryStore((s) => s.renaming);
  const openId = useChatStore((s) => s.conversationId);
  const options = useModelsStore((s) => s.options);
  const runs = useRunsStore((s) => s.runs);
  const searchFocus = useUiStore((s) => s.searchFocus);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useMinuteClock();

  useEffect(() => {
    if (searchFocus === 0) return;
    searchRef.current?.focus();
    searchRef.current?.select();
  }, [searchFocus]);

  const running = useMemo(() => new Set(Object.values(runs).filter((r) => r.status === 'running').map((r) => r.conversationId)), [runs]);
  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    let index = 0;
    for (const group of groupByDate(items, now)) {
      out.push({ kind: 'group', key: `g:${group.label}`, label: group.label });
      for (const item of group.items) out.push({ kind: 'item', key: item.id, index: index++ });
    }
    return out;
  }, [items, now]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]!.kind === 'group' ? GROUP_ROW_PX : ITEM_ROW_PX),
    getItemKey: (i) => rows[i]!.key,
    overscan: 8,
  });

  /** Focuses the conversation at `index` in the list, scrolling it into view first. */
  const focusItem = (index: number) => {
    const clamped = Math.max(0, Math.min(items.length - 1, index));
    const row = rows.findIndex((r) => r.kind === 'item' && r.index === clamped);
    if (row === -1) return;
    virtualizer.scrollToIndex(row, { align: 'auto' });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`.history-item[data-id="${CSS.escape(items[clamped]!.id)}"] .history-open`)?.focus());
  };

  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (!target.classList.contains('history-open')) return;
    const id = target.closest<HTMLElement>('.history-item')?.dataset.id;
    const index = items.findIndex((i) => i.id === id);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 };
    if (!(e.key in moves) || e.altKey) return;
    e.preventDefault();
    if (e.key === 'ArrowUp' && index === 0) searchRef.current?.focus();
    else focusItem(moves[e.key]!);
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && items.length) {
      e.preventDefault();
      focusItem(0);
    } else if (e.key === 'Enter' && items.length && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void openConversation(items[0]!.id);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (query) setHistoryQuery('', 0);
      else focusComposer();
    }
  };

  const searching = listedQuery !== '';
  return (
    <aside className="sidebar" aria-label="History">
      <div className="sidebar-head">
        <div className="sidebar-search">
          <SearchIcon size={14} />
          <input
            ref={searchRef}
            type="text"
            className="sidebar-search-input"
            placeholder="Search"
            aria-label="Search conversations"
            value={query}
            onChange={(e) => setHistoryQuery(e.target.value)}
            onKeyDown={onSearchKey}
            spellCheck={false}
          />
          {query ? (
            <button type="button" className="icon-btn icon-btn-xs" aria-label="Clear search" onClick={() => setHistoryQuery('', 0)}>
              <CloseIcon size={12} />
            </button>
          ) : (
            <kbd className="sidebar-kbd">{modLabel()} K</kbd>
          )}
        </div>
        <button
          type="button"
          className="icon-btn"
          aria-label="New conversation"
          title={`New conversation (${modLabel()}+N)`}
          onClick={() => {
            newConversation();
            focusComposer();
          }}
        >
          <ComposeIcon size={17} />
        </button>
      </div>
      <div ref={scrollRef} className="sidebar-scroll" onKeyDown={onListKey}>
        {error ? <p className="sidebar-empty field-error">{error.message}</p> : null}
        {loaded && !error && items.length === 0 ? (
          searching ? (
            <p className="sidebar-empty">No conversations match “{listedQuery}”.</p>
          ) : (
            <div className="sidebar-empty">
              <ChatIcon size={18} />
              <p>Your conversations are saved here as you go.</p>
            </div>
          )
        ) : null}
        <nav aria-label="Conversations" className="history-track" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index]!;
            return (
              <div key={v.key} className="history-row" style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
                {row.kind === 'group' ? (
                  <h3 className="history-group-label">{row.label}</h3>
                ) : (
                  <ConversationItem
                    item={items[row.index]!}
                    active={items[row.index]!.id === openId}
                    running={running.has(items[row.index]!.id)}
                    renaming={renaming === items[row.index]!.id}
                    modelName={items[row.index]!.model ? modelDisplayName(items[row.index]!.model, options) : undefined}
                    now={now}
                  />
                )}
              </div>
            );
          })}
        </nav>
      </div>
    </aside>
  );
}

/** The time, refreshed each minute (so "Today" moves on at midnight). */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  return now;
}
