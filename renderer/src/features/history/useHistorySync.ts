import { useEffect } from 'react';
import { punie } from '../../ipc/client';
import { refreshOpenConversation, useChatStore } from '../../stores/chatStore';
import { loadHistory } from '../../stores/historyStore';

/** How long `conversations.changed` events are gathered before the list is read again. */
const SETTLE_MS = 120;

/**
 * Keeps the sidebar current: lists again (debounced) on every
 * `conversations.changed`; when the open conversation changed, it is read
 * again in place (a finished run, trimming, a rename). The first list comes
 * from the window's bootstrap, once settings are loaded.
 */
export function useHistorySync(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let openChanged = false;
    const off = punie.on('conversations.changed', ({ ids }) => {
      const open = useChatStore.getState().conversationId;
      if (open && (!ids || ids.includes(open))) openChanged = true;
      clearTimeout(timer);
      timer = setTimeout(() => {
        void loadHistory();
        if (openChanged) void refreshOpenConversation();
        openChanged = false;
      }, SETTLE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, []);
}
