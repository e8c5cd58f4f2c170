import { useEffect } from 'react';
import { newConversation, openConversation, useChatStore } from '../../stores/chatStore';
import { neighbour, useHistoryStore } from '../../stores/historyStore';
import { focusComposer, focusHistorySearch, useUiStore } from '../../stores/uiStore';
import { hasMod } from '../../ui/platform';

/**
 * The main window's history shortcuts: Mod+N a new conversation, Mod+K the
 * search box, Alt+↑ / Alt+↓ the conversation above or below in the list.
 * (In Electron the app menu takes Mod+N first and sends the same command.)
 */
export function useHistoryKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || useUiStore.getState().settingsOpen) return;
      const key = e.key.toLowerCase();
      if (hasMod(e) && !e.shiftKey && !e.altKey && key === 'n') {
        e.preventDefault();
        newConversation();
        focusComposer();
      } else if (hasMod(e) && !e.shiftKey && !e.altKey && key === 'k') {
        e.preventDefault();
        focusHistorySearch();
      } else if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        const next = neighbour(useHistoryStore.getState().items, useChatStore.getState().conversationId, e.key === 'ArrowDown' ? 1 : -1);
        if (!next) return;
        e.preventDefault();
        void openConversation(next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
