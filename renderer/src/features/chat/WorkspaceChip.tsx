import { useRef, useState } from 'react';
import { chooseRecentWorkspace, pickWorkspace } from '../../app/actions';
import { useChatStore } from '../../stores/chatStore';
import { useConversationWorkspaceStore } from '../../stores/conversationWorkspaceStore';
import { useSettingsStore } from '../../stores/settingsStore';
import { useDismiss } from '../../ui/useDismiss';
import { FolderIcon } from '../../ui/icons';
import { baseName } from '../../lib/baseName';

/**
 * The folder under the composer: the open conversation's (where its tools
 * act), else the current workspace a new conversation starts in. It opens a
 * menu of the recent folders and "Choose another folder…"; choosing a folder
 * other than the open conversation's starts a new conversation there.
 */
export function WorkspaceChip() {
  const current = useSettingsStore((s) => s.view?.settings.workspace);
  const recent = useSettingsStore((s) => s.view?.settings.recentWorkspaces) ?? [];
  const open = useChatStore((s) => s.conversationId);
  const conversation = useConversationWorkspaceStore();
  const [menu, setMenu] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, menu, () => setMenu(false));
  const own = open && conversation.conversationId === open && conversation.workspace ? conversation.workspace : undefined;
  const shown = own ?? current;
  const choices = [...new Set([...(current ? [current] : []), ...recent])].slice(0, 8);
  return (
    <div className="workspace-chip" ref={ref}>
      <button
        type="button"
        className="chip"
        aria-haspopup="menu"
        aria-expanded={menu}
        onClick={() => setMenu((m) => !m)}
        title={shown ? `${own ? 'This conversation works in' : 'Workspace'}: ${shown} — click to change` : 'Choose the folder Punie works in'}
      >
        <FolderIcon size={14} />
        <span className="chip-text">{shown ? baseName(shown) : 'Choose a folder'}</span>
      </button>
      {menu ? (
        <div className="popover workspace-menu" role="menu" aria-label="Workspace">
          {choices.length > 0 ? <div className="workspace-menu-label">Recent folders</div> : null}
          {choices.map((path) => (
            <button
              key={path}
              type="button"
              role="menuitemradio"
              aria-checked={path === shown}
              className={`workspace-menu-item${path === shown ? ' is-current' : ''}`}
              title={path}
              onClick={() => {
                setMenu(false);
                void chooseRecentWorkspace(path);
              }}
            >
              <strong>{baseName(path)}</strong>
              <span className="mono workspace-menu-path">{path}</span>
            </button>
          ))}
          <button
            type="button"
            role="menuitem"
            className="workspace-menu-item workspace-menu-choose"
            onClick={() => {
              setMenu(false);
              void pickWorkspace();
            }}
          >
            Choose another folder…
          </button>
          {own ? <p className="workspace-menu-note">Another folder starts a new conversation; this one stays in {baseName(own)}.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
