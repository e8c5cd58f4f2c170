import { useEffect } from 'react';
import { punie } from '../../ipc/client';
import { useChatStore } from '../../stores/chatStore';
import { loadUndoRuns, useUndoStore } from '../../stores/undoStore';

/** Keeps the open conversation's undo state current: read when it opens and whenever it changes (a run ended, an undo). */
export function useUndoSync(): void {
  const conversationId = useChatStore((s) => s.conversationId);
  useEffect(() => {
    void loadUndoRuns(conversationId);
  }, [conversationId]);
  useEffect(
    () =>
      punie.on('conversations.changed', ({ ids }) => {
        const open = useUndoStore.getState().conversationId ?? useChatStore.getState().conversationId;
        if (open && (!ids || ids.includes(open))) void loadUndoRuns(open);
      }),
    [],
  );
}
