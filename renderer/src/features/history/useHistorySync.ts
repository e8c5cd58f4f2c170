import { useEffect } from 'react';
import { punie } from '../../ipc/client';
import { readUnwatchedRuns, useChatStore } from '../../stores/chatStore';
import { loadHistory } from '../../stores/historyStore';

/** How long `conversations.changed` events are gathered before the list is read again. */
const SETTLE_MS = 120;

/**
 * Keeps the sidebar current: lists again (debounced) on every
 * `conversations.changed` (main sends it once a change is on disk). The open
 * conversation is never read back for runs this window watched live (it
 * already shows them, built by the same reducer); only runs it did not see
 * (recorded elsewhere) are read. The first list comes from the window's
 * bootstrap, once settings are loaded.
 */
export function useHistorySync(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = punie.on('conversations.changed', ({ ids, runIds }) => {
      const open = useChatStore.getState().conversationId;
      if (open && runIds?.length && (!ids || ids.includes(open))) void readUnwatchedRuns(runIds);
      clearTimeout(timer);
      timer = setTimeout(() => void loadHistory(), SETTLE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, []);
}
