import { useLayoutEffect, useRef } from 'react';
import { closeSettings, setSettingsSection, useUiStore, type SettingsSection } from '../../stores/uiStore';
import { useSettingsStore } from '../../stores/settingsStore';
import { CloseIcon } from '../../ui/icons';
import { EndpointsSection } from './EndpointsSection';
import { GeneralSection } from './GeneralSection';
import { KeysSection } from './KeysSection';
import { McpSection } from './mcp/McpSection';
import { PermissionsSection } from './PermissionsSection';

const SECTIONS: Array<{ id: SettingsSection; label: string }> = [
  { id: 'general', label: 'General' },
  { id: 'keys', label: 'API keys' },
  { id: 'endpoints', label: 'Local servers' },
  { id: 'mcp', label: 'MCP servers' },
  { id: 'permissions', label: 'Permissions' },
];

/** Settings in a modal dialog (native <dialog>: focus stays inside, Esc closes). */
export function SettingsDialog() {
  const open = useUiStore((s) => s.settingsOpen);
  const section = useUiStore((s) => s.settingsSection);
  const notice = useSettingsStore((s) => s.view?.notice);
  const loadError = useSettingsStore((s) => s.loadError);
  const ref = useRef<HTMLDialogElement>(null);

  // A layout effect: the dialog is modal before the sections' effects move focus (to a key field).
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="settings-dialog"
      aria-labelledby="settings-title"
      onCancel={(e) => {
        e.preventDefault();
        closeSettings();
      }}
      onClick={(e) => {
        if (e.target === ref.current) closeSettings();
      }}
    >
      {open ? (
        <div className="settings-frame">
          <nav className="settings-nav" aria-label="Settings sections">
            <h2 id="settings-title" className="settings-title">
              Settings
            </h2>
            {SECTIONS.map((s) => (
              <button
                key={s.id}
                type="button"
                className={`settings-tab${section === s.id ? ' is-active' : ''}`}
                aria-current={section === s.id ? 'page' : undefined}
                onClick={() => setSettingsSection(s.id)}
              >
                {s.label}
              </button>
            ))}
          </nav>
          <div className="settings-content">
            <button type="button" className="icon-btn settings-close" aria-label="Close settings" onClick={closeSettings}>
              <CloseIcon size={16} />
            </button>
            {notice ? <p className="settings-notice">{notice}</p> : null}
            {loadError ? <p className="settings-notice">{loadError.message}</p> : null}
            {section === 'general' ? <GeneralSection /> : null}
            {section === 'keys' ? <KeysSection /> : null}
            {section === 'endpoints' ? <EndpointsSection /> : null}
            {section === 'mcp' ? <McpSection /> : null}
            {section === 'permissions' ? <PermissionsSection /> : null}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
