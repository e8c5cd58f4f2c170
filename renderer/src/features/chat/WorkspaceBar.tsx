import { relocateWorkspace } from '../../app/actions';
import { useChatStore } from '../../stores/chatStore';
import { useConversationWorkspaceStore } from '../../stores/conversationWorkspaceStore';
import { FolderIcon } from '../../ui/icons';
import { baseName } from '../../lib/baseName';

/**
 * Above an open conversation: the folder it works in (its tools always act
 * there, whatever folder is chosen now). A folder that is gone says so and
 * offers to pick it again.
 */
export function WorkspaceBar() {
  const conversationId = useChatStore((s) => s.conversationId);
  const { conversationId: of, workspace, state } = useConversationWorkspaceStore();
  if (!conversationId || of !== conversationId || state === 'unknown') return null;
  return (
    <div className={`workspace-bar${state === 'missing' ? ' is-missing' : ''}`} role="note" aria-label="Conversation folder">
      <FolderIcon size={14} />
      {state === 'none' ? (
        <span className="workspace-bar-text">No folder: this conversation cannot use files.</span>
      ) : (
        <span className="workspace-bar-text" title={workspace}>
          <strong>{baseName(workspace ?? '')}</strong> <span className="mono workspace-bar-path">{workspace}</span>
        </span>
      )}
      {state === 'missing' ? (
        <>
          <span className="workspace-bar-gone">This folder is gone.</span>
          <button type="button" className="btn btn-sm" onClick={() => void relocateWorkspace()}>
            Pick it again
          </button>
        </>
      ) : null}
    </div>
  );
}
