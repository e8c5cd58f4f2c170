import { useEffect } from 'react';
import { punie } from '../../ipc/client';
import { useChatStore } from '../../stores/chatStore';
import { loadConversationWorkspace } from '../../stores/conversationWorkspaceStore';
import { loadUndoRuns, useUndoStore } from '../../stores/undoStore';

/**
 * Keeps what the open conversation offers current: the runs it can undo and
 * the folder it works in, read when it opens and whenever it changes (a run
 * ended, an undo, its folder picked again).
 */
export function useUndoSync(): void {
  const conversationId = useChatStore((s) => s.conversationId);
  useEffect(() => {
    void loadUndoRuns(conversationId);
    void loadConversationWorkspace(conversationId);
  }, [conversationId]);
  useEffect(
    () =>
      punie.on('conversations.changed', ({ ids }) => {
        const open = useUndoStore.getState().conversationId ?? useChatStore.getState().conversationId;
        if (open && (!ids || ids.includes(open))) {
          void loadUndoRuns(open);
          void loadConversationWorkspace(open);
        }
      }),
    [],
  );
}
