import { useEffect } from 'react';
import { useTheme } from '../../app/useTheme';
import { LazySettingsDialog } from '../settings/LazySettingsDialog';
import { Toasts } from '../../app/Toasts';
import { punie } from '../../ipc/client';
import { toErrorData } from '../../ipc/requestError';
import { dismissStartError, newConversation, useChatStore } from '../../stores/chatStore';
import { focusComposer, showErrorToast, useUiStore } from '../../stores/uiStore';
import { ExternalIcon, PlusIcon } from '../../ui/icons';
import { ChatView } from '../chat/ChatView';
import { Composer } from '../chat/Composer';
import { modelRefOf } from '../../../../shared/modelRef';
import { ErrorCard } from '../chat/ErrorCard';
import { PermissionDock } from '../chat/PermissionDock';
import { activeRunOf, useConversationRuns } from '../chat/useConversationRuns';
import { ModelPicker } from '../models/ModelPicker';
import { StatusPill } from '../status/StatusPill';
import { useQuickBootstrap } from './useQuickBootstrap';

/**
 * The quick-ask window: model and status on top, one input, the answer
 * streaming below with the same Markdown, tool cards and permission cards.
 * "Open in Punie" hands the conversation to the main window; Esc hides.
 */
export function QuickApp() {
  useTheme();
  useQuickBootstrap();
  const { runs, pending } = useConversationRuns();
  const active = activeRunOf(runs);
  const conversationId = useChatStore((s) => s.conversationId);
  const startError = useChatStore((s) => s.startError);
  useEscapeToHide();
  const empty = runs.length === 0 && !pending;

  const openInPunie = () => {
    if (!conversationId) return;
    // Main shows its window, opens the conversation there and hides this one.
    punie
      .request('app.openMain', { conversationId })
      .catch((e: unknown) => showErrorToast('Could not open the main window', toErrorData(e)));
  };

  return (
    <div className={`quick${empty ? ' is-empty' : ''}`}>
      <header className="quick-head">
        <ModelPicker />
        <div className="header-spacer" />
        <StatusPill />
      </header>
      <div className="quick-input">
        <Composer variant="quick" activeRun={active} escStops={false} placeholder="Ask Punie…" />
        {empty ? <p className="quick-empty-hint">The answer streams here. Punie asks before it changes a file or runs a command.</p> : null}
      </div>
      {!empty ? (
        <div className="quick-answer">
          <ChatView runs={runs} pending={pending} />
        </div>
      ) : null}
      <div className="quick-dock">
        <PermissionDock runs={runs} />
        {startError ? (
          <ErrorCard error={startError} prompt={startError.prompt} provider={modelRefOf(startError.modelSpec).provider} onDismiss={dismissStartError} compact />
        ) : null}
      </div>
      <footer className="quick-foot">
        <span className="quick-hint">
          <kbd>Esc</kbd> to hide
        </span>
        <div className="header-spacer" />
        {!empty ? (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            onClick={() => {
              newConversation();
              focusComposer();
            }}
          >
            <PlusIcon size={14} /> New question
          </button>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={openInPunie} disabled={!conversationId}>
          <ExternalIcon size={14} /> Open in Punie
        </button>
      </footer>
      <LazySettingsDialog />
      <Toasts />
    </div>
  );
}

/** Esc hides the window, unless a popover or a pending permission took it first. */
function useEscapeToHide(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
      const ui = useUiStore.getState();
      if (ui.popover || ui.settingsOpen) return;
      e.preventDefault();
      punie.request('app.hideQuickAsk', {}).catch(() => undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
