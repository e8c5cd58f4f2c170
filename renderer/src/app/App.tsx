import { ChatView } from '../features/chat/ChatView';
import { modelRefOf } from '../../../shared/modelRef';
import { Composer } from '../features/chat/Composer';
import { EmptyState } from '../features/chat/EmptyState';
import { ErrorCard } from '../features/chat/ErrorCard';
import { PermissionDock } from '../features/chat/PermissionDock';
import { pendingPermission } from '../../../shared/runView';
import { useConversationRuns } from '../features/chat/useConversationRuns';
import { Sidebar } from '../features/history/Sidebar';
import { useHistoryKeys } from '../features/history/useHistoryKeys';
import { useHistorySync } from '../features/history/useHistorySync';
import { UndoDialog } from '../features/chat/UndoDialog';
import { WorkspaceBar } from '../features/chat/WorkspaceBar';
import { WriterBar } from '../features/chat/WriterBar';
import { useUndoSync } from '../features/chat/useUndoSync';
import { LazySettingsDialog } from '../features/settings/LazySettingsDialog';
import { ServerBanner } from '../features/status/ServerBanner';
import { TracePanel } from '../features/trace/TracePanel';
import { dismissStartError, useChatStore } from '../stores/chatStore';
import { useUiStore } from '../stores/uiStore';
import { Header } from './Header';
import { Toasts } from './Toasts';
import { useEscapeToStop } from './useEscapeToStop';
import { useMainBootstrap } from './useMainBootstrap';
import { useTheme } from './useTheme';

/**
 * The main window: header; the history sidebar; the conversation (or the
 * guide / welcome); the dock with pending permissions, errors and the
 * composer; the trace panel.
 */
export function App() {
  useTheme();
  useMainBootstrap();
  useHistorySync();
  useUndoSync();
  useHistoryKeys();
  const { runs, branches, pending, contextStart, active } = useConversationRuns();
  useEscapeToStop(active?.runId);
  const traceOpen = useUiStore((s) => s.traceOpen);
  const sidebarOpen = useUiStore((s) => s.sidebarOpen);
  const loading = useChatStore((s) => s.loading);
  const loadError = useChatStore((s) => s.loadError);
  const startError = useChatStore((s) => s.startError);
  const writtenElsewhere = useChatStore((s) => s.writtenElsewhere !== undefined);
  const toolCalls = runs.reduce((n, r) => n + r.toolOrder.length, 0);
  const empty = runs.length === 0 && !pending;

  return (
    <div className={`app${traceOpen ? ' has-trace' : ''}${sidebarOpen ? ' has-sidebar' : ''}`}>
      <Header toolCalls={toolCalls} />
      <div className="app-body">
        {sidebarOpen ? <Sidebar /> : null}
        <main className="main-column">
          <WorkspaceBar />
          {!empty ? (
            <ChatView runs={runs} branches={branches} pending={pending} contextStart={contextStart} editable={active === undefined && !writtenElsewhere} />
          ) : (
            <div className="empty-scroll">
              <div className="chat-column">
                {loading ? (
                  <div className="loading-state">
                    <span className="spinner" aria-hidden="true" /> Opening the conversation…
                  </div>
                ) : loadError ? (
                  <ErrorCard error={loadError} />
                ) : (
                  <EmptyState />
                )}
              </div>
            </div>
          )}
          <div className="dock">
            <div className="chat-column dock-inner">
              {!empty ? <ServerBanner /> : null}
              <PermissionDock runs={runs} />
              {startError ? (
                <ErrorCard error={startError} prompt={startError.prompt} provider={modelRefOf(startError.modelSpec).provider} onDismiss={dismissStartError} compact />
              ) : null}
              <WriterBar />
              <Composer activeRun={active} runs={runs} {...(contextStart ? { contextStart } : {})} escStops={!runs.some((r) => pendingPermission(r))} />
            </div>
          </div>
        </main>
        {traceOpen ? <TracePanel runs={runs} /> : null}
      </div>
      <LazySettingsDialog />
      <UndoDialog />
      <Toasts />
    </div>
  );
}
