import { ModelPicker } from '../features/models/ModelPicker';
import { StatusPill } from '../features/status/StatusPill';
import { newConversation } from '../stores/chatStore';
import { focusComposer, openSettings, toggleSidebar, toggleTrace, useUiStore } from '../stores/uiStore';
import { PlusIcon, SettingsIcon, SidebarIcon, TraceIcon } from '../ui/icons';
import { modLabel } from '../ui/platform';
import { Logo } from '../ui/Logo';

/** The window's top bar: brand, model picker, server status, and the view toggles. */
export function Header({ toolCalls }: { toolCalls: number }) {
  const traceOpen = useUiStore((s) => s.traceOpen);
  const sidebarOpen = useUiStore((s) => s.sidebarOpen);
  return (
    <header className="app-header">
      <button type="button" className="icon-btn sidebar-toggle" title="History" aria-label="History" aria-pressed={sidebarOpen} onClick={() => toggleSidebar()}>
        <SidebarIcon size={18} />
      </button>
      <div className="brand">
        <Logo />
        <span className="brand-name">Punie</span>
      </div>
      <ModelPicker />
      <div className="header-spacer" />
      <StatusPill />
      <div className="header-actions">
        {sidebarOpen ? null : (
          <button
            type="button"
            className="icon-btn"
            title={`New conversation (${modLabel()}+N)`}
            aria-label="New conversation"
            onClick={() => {
              newConversation();
              focusComposer();
            }}
          >
            <PlusIcon size={18} />
          </button>
        )}
        <button type="button" className="icon-btn trace-toggle" title="Trace" aria-label="Trace" aria-pressed={traceOpen} onClick={() => toggleTrace()}>
          <TraceIcon size={18} />
          {toolCalls > 0 ? <span className="count-badge">{toolCalls}</span> : null}
        </button>
        <button type="button" className="icon-btn" title="Settings" aria-label="Settings" onClick={() => openSettings()}>
          <SettingsIcon size={18} />
        </button>
      </div>
    </header>
  );
}
