import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { sendWithSelection } from '../../app/actions';
import { WorkspaceChip } from './WorkspaceChip';
import { useModelsStore } from '../../stores/modelsStore';
import { setPopover, useUiStore } from '../../stores/uiStore';
import { ChevronDownIcon, SendIcon, StopIcon } from '../../ui/icons';
import { ContextMeter } from '../models/ContextMeter';
import { modelDisplayName } from '../models/modelList';
import { composerKeyAction } from './composerKeys';
import { stopRun, useChatStore } from '../../stores/chatStore';
import type { RunView } from '../../../../shared/runView';

const MAX_HEIGHT_PX = 240;

/**
 * Where prompts are written. Enter sends, Shift+Enter adds a line, Enter
 * during IME composition does nothing; the workspace and model in use sit
 * under the text, and Stop replaces Send while a run is going.
 */
export function Composer({
  activeRun,
  runs,
  contextStart,
  escStops = true,
  placeholder = 'Ask Punie to read, change or run something in your workspace…',
  variant = 'main',
}: {
  activeRun?: RunView;
  /** The open conversation, for the context meter (main window only). */
  runs?: readonly RunView[];
  contextStart?: string;
  /** False while a permission card takes Esc (it denies). */
  escStops?: boolean;
  placeholder?: string;
  variant?: 'main' | 'quick';
}) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);
  const focusToken = useUiStore((s) => s.composerFocus);
  const selected = useModelsStore((s) => s.selected);
  const options = useModelsStore((s) => s.options);

  useEffect(() => {
    ref.current?.focus();
  }, [focusToken]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  // Another Punie process writes the open conversation: read-only here until it is done (WriterBar says so).
  const readOnly = useChatStore((s) => variant === 'main' && s.writtenElsewhere !== undefined);
  const canSend = text.trim().length > 0 && !sending && !activeRun && Boolean(selected) && !readOnly;

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    const ok = await sendWithSelection(text.trim());
    setSending(false);
    if (ok) setText('');
    ref.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const action = composerKeyAction({
      key: e.key,
      keyCode: e.keyCode,
      isComposing: e.nativeEvent.isComposing || composing.current,
      shiftKey: e.shiftKey,
      altKey: e.altKey,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
    });
    if (action === 'send') {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form
      className={`composer composer-${variant}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label htmlFor={`composer-${variant}`} className="sr-only">
        Prompt
      </label>
      <textarea
        id={`composer-${variant}`}
        ref={ref}
        className="composer-input"
        rows={1}
        value={text}
        placeholder={readOnly ? 'Read-only while another Punie process writes this conversation' : placeholder}
        readOnly={readOnly}
        aria-readonly={readOnly}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => (composing.current = false)}
        spellCheck
        autoFocus
      />
      <div className="composer-bar">
        {variant === 'main' ? (
          <>
            <WorkspaceChip />
            <button type="button" className="chip" onClick={() => setPopover('models')} title={selected ? `Model: ${selected}` : 'Choose a model'}>
              <span className="chip-text">{modelDisplayName(selected, options)}</span>
              <ChevronDownIcon size={12} />
            </button>
            {runs ? <ContextMeter runs={runs} {...(contextStart ? { contextStart } : {})} /> : null}
          </>
        ) : null}
        <span className="composer-hint">
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line
        </span>
        {activeRun ? (
          <button type="button" className="btn btn-sm composer-stop" onClick={() => void stopRun(activeRun.runId)} title={escStops ? 'Stop (Esc)' : 'Stop'}>
            <StopIcon size={14} /> Stop {escStops ? <kbd>Esc</kbd> : null}
          </button>
        ) : (
          <button type="submit" className="btn btn-primary composer-send" disabled={!canSend} aria-label="Send" title="Send (Enter)">
            <SendIcon size={16} />
          </button>
        )}
      </div>
    </form>
  );
}
