import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import type { ConversationSummary } from '../../../../shared/conversation';
import { openConversation } from '../../stores/chatStore';
import { deleteConversation, exportConversation, renameConversation, startRename } from '../../stores/historyStore';
import { DownloadIcon, PencilIcon, TrashIcon } from '../../ui/icons';
import { fullDate, shortDate } from './historyDates';

/**
 * One conversation in the sidebar: title, a line of its branch in view (the
 * latest answer, else prompt), model and date; opens on click or
 * Enter. Rename in place (the pencil, a double click or F2; Enter saves, Esc
 * cancels), export, and delete (Delete key too) sit on the right.
 */
export const ConversationItem = memo(function ConversationItem({
  item,
  active,
  running,
  renaming,
  modelName,
  now,
}: {
  item: ConversationSummary;
  active: boolean;
  running: boolean;
  renaming: boolean;
  modelName?: string;
  now: number;
}) {
  const title = item.title || 'Untitled';
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'F2') {
      e.preventDefault();
      startRename(item.id);
    } else if (e.key === 'Delete' || (e.key === 'Backspace' && (e.metaKey || e.ctrlKey))) {
      e.preventDefault();
      void deleteConversation(item.id);
    }
  };
  return (
    <div className={`history-item${active ? ' is-active' : ''}`} data-id={item.id} data-testid="history-item">
      {renaming ? (
        <RenameField id={item.id} title={title} />
      ) : (
        <button
          type="button"
          className="history-open"
          aria-current={active ? 'page' : undefined}
          title={`${title}\n${fullDate(item.updatedAt)}`}
          onClick={() => {
            if (!active) void openConversation(item.id);
          }}
          onDoubleClick={() => startRename(item.id)}
          onKeyDown={onKeyDown}
        >
          <span className="history-title">
            {running ? <span className="history-running" role="img" aria-label="Running" /> : null}
            {title}
          </span>
          {item.preview ? (
            <span className="history-preview" data-testid="history-preview">
              {item.preview}
            </span>
          ) : null}
          <span className="history-meta">
            {modelName ? <span className="history-model">{modelName}</span> : null}
            <span className="history-date">{shortDate(item.updatedAt, now)}</span>
          </span>
        </button>
      )}
      {renaming ? null : (
        <div className="history-actions">
          <button type="button" className="icon-btn icon-btn-xs" aria-label={`Rename “${title}”`} title="Rename (F2)" onClick={() => startRename(item.id)}>
            <PencilIcon size={13} />
          </button>
          <button type="button" className="icon-btn icon-btn-xs" aria-label={`Export “${title}”`} title="Export as Markdown" onClick={() => void exportConversation(item.id)}>
            <DownloadIcon size={13} />
          </button>
          <button type="button" className="icon-btn icon-btn-xs icon-btn-danger" aria-label={`Delete “${title}”`} title="Delete (Del)" onClick={() => void deleteConversation(item.id)}>
            <TrashIcon size={13} />
          </button>
        </div>
      )}
    </div>
  );
});

function RenameField({ id, title }: { id: string; title: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    if (save) void renameConversation(id, ref.current?.value ?? title);
    else startRename(undefined);
    // Back to the item, so the keyboard user stays in the list.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`.history-item[data-id="${CSS.escape(id)}"] .history-open`)?.focus());
  };
  return (
    <input
      ref={ref}
      className="input history-rename"
      aria-label="Conversation title"
      defaultValue={title}
      maxLength={200}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
          e.preventDefault();
          finish(true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          finish(false);
        }
      }}
      onBlur={() => finish(true)}
    />
  );
}
