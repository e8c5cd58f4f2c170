import { create } from 'zustand';
import { punie } from '../ipc/client';

/**
 * The folder the open conversation works in (recorded when it started; its
 * tools always act there), and whether it is still there. A new
 * conversation has none yet: it will start in the current workspace.
 */
export interface ConversationWorkspaceState {
  conversationId?: string;
  workspace?: string;
  /** unknown: not read yet (or it could not be). */
  state: 'ok' | 'missing' | 'none' | 'unknown';
}

export const useConversationWorkspaceStore = create<ConversationWorkspaceState>()(() => ({ state: 'unknown' }));

let token = 0;

export async function loadConversationWorkspace(conversationId: string | undefined): Promise<void> {
  const mine = ++token;
  if (!conversationId) {
    useConversationWorkspaceStore.setState({ conversationId: undefined, workspace: undefined, state: 'unknown' });
    return;
  }
  if (useConversationWorkspaceStore.getState().conversationId !== conversationId) {
    useConversationWorkspaceStore.setState({ conversationId, workspace: undefined, state: 'unknown' });
  }
  try {
    const answer = await punie.request('conversations.workspace', { id: conversationId });
    if (mine !== token) return;
    useConversationWorkspaceStore.setState({ conversationId, workspace: answer.workspace, state: answer.state });
  } catch {
    // The conversation may be gone; its view says so.
  }
}
