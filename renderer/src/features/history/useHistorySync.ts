import { useEffect } from 'react';
import { punie } from '../../ipc/client';
import { refreshOpenConversation, useChatStore } from '../../stores/chatStore';
import { loadHistory } from '../../stores/historyStore';
import { useRunsStore } from '../../stores/runsStore';

/** How long `conversations.changed` events are gathered before the list is read again. */
const SETTLE_MS = 120;

/**
 * Keeps the sidebar current: lists again (debounced) on every
 * `conversations.changed`; when the open conversation changed, it is read
 * again in place (a finished run, trimming, a rename). While a run of the
 * open conversation is streaming, its live view is newer than anything on
 * disk, so a conversation already shown is read again once that run ends
 * (its end sends another change), not at its start. The first list comes
 * from the window's bootstrap, once settings are loaded.
 */
export function useHistorySync(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** A re-read of the open conversation put off while its run streams. */
    let retry: ReturnType<typeof setTimeout> | undefined;
    let openChanged = false;
    const refreshWhenDone = () => {
      retry = undefined;
      if (streamingInOpenConversation()) retry = setTimeout(refreshWhenDone, RETRY_MS);
      else void refreshOpenConversation();
    };
    const off = punie.on('conversations.changed', ({ ids }) => {
      const open = useChatStore.getState().conversationId;
      if (open && (!ids || ids.includes(open))) openChanged = true;
      if (retry !== undefined) {
        // Still owed: the next settle reads it (once, whichever change comes).
        clearTimeout(retry);
        retry = undefined;
        openChanged = true;
      }
      clearTimeout(timer);
      timer = setTimeout(() => {
        void loadHistory();
        if (openChanged) {
          openChanged = false;
          refreshWhenDone();
        }
      }, SETTLE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
      clearTimeout(retry);
    };
  }, []);
}

/** How often a put-off re-read checks whether the run has ended (its end normally sends a change first). */
const RETRY_MS = 500;

/** Whether the open conversation, already shown from disk, has a run of this window still going. */
function streamingInOpenConversation(): boolean {
  const { conversationId, stored } = useChatStore.getState();
  if (!conversationId || stored.length === 0) return false;
  return Object.values(useRunsStore.getState().runs).some((r) => r.conversationId === conversationId && r.live && r.status === 'running');
}
