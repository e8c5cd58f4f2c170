import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { chooseBranch } from '../../stores/chatStore';
import type { BranchInfo } from './branchPath';

const CLAMP_LINES = 12;

/**
 * The user's prompt as written (not Markdown), long prompts clamped. With
 * `onResend`, it can be edited and sent again: the answer then branches, and
 * `‹ 1/2 ›` switches between the branches beside it.
 */
export const UserMessage = memo(function UserMessage({
  text,
  branch,
  onResend,
}: {
  text: string;
  branch?: BranchInfo | undefined;
  onResend?: (text: string) => Promise<boolean>;
}) {
  const long = text.split('\n').length > CLAMP_LINES || text.length > 1_200;
  const [expanded, setExpanded] = useState(false);
  const [editing, setEditing] = useState(false);
  if (editing && onResend) return <PromptEditor text={text} onCancel={() => setEditing(false)} onSend={onResend} />;
  return (
    <div className="user-row">
      <div className={`user-message${long && !expanded ? ' is-clamped' : ''}`}>
        <p className="user-text">{text}</p>
        {long ? (
          <button type="button" className="link-btn user-more" onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show less' : 'Show all'}
          </button>
        ) : null}
      </div>
      {branch || onResend ? (
        <div className="user-actions">
          {branch ? <BranchSwitcher branch={branch} /> : null}
          {onResend ? (
            <button type="button" className="link-btn user-edit" onClick={() => setEditing(true)} title="Edit this prompt and send it again (the answer branches; this one is kept)">
              Edit
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
});

/** `‹ 2/3 ›`: the branches that answer the same run, oldest first. */
function BranchSwitcher({ branch }: { branch: BranchInfo }) {
  const { index, siblings, parentKey } = branch;
  const go = (to: number) => {
    const runId = siblings[to];
    if (runId) chooseBranch(parentKey, runId);
  };
  return (
    <span className="branch-switcher" role="group" aria-label="Branches">
      <button type="button" className="icon-btn branch-prev" aria-label="Previous branch" disabled={index === 0} onClick={() => go(index - 1)}>
        ‹
      </button>
      <span className="branch-count" data-testid="branch-count">
        {index + 1}/{siblings.length}
      </span>
      <button type="button" className="icon-btn branch-next" aria-label="Next branch" disabled={index === siblings.length - 1} onClick={() => go(index + 1)}>
        ›
      </button>
    </span>
  );
}

/** The prompt in place, editable: Enter (or Send) sends it as a new branch, Esc cancels. */
function PromptEditor({ text, onSend, onCancel }: { text: string; onSend: (text: string) => Promise<boolean>; onCancel: () => void }) {
  const [value, setValue] = useState(text);
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const canSend = value.trim().length > 0 && !sending;
  const send = async () => {
    if (!canSend) return;
    setSending(true);
    const ok = await onSend(value.trim());
    setSending(false);
    if (ok) onCancel();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };
  return (
    <div className="user-row user-row-editing">
      <div className="user-edit-box">
        <textarea ref={ref} className="user-edit-input" aria-label="Edit prompt" value={value} rows={Math.min(12, value.split('\n').length + 1)} onChange={(e) => setValue(e.target.value)} onKeyDown={onKeyDown} />
        <div className="user-edit-buttons">
          <button type="button" className="btn btn-sm" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="btn btn-sm btn-primary" disabled={!canSend} onClick={() => void send()}>
            Send
          </button>
        </div>
      </div>
    </div>
  );
}
