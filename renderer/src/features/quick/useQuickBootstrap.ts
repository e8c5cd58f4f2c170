import { useEffect } from 'react';
import { connectEvents, loadInitialState } from '../../app/connect';
import { rememberedConversation } from '../../lib/windowMemory';
import { newConversation, openConversation, useChatStore } from '../../stores/chatStore';
import { focusComposer } from '../../stores/uiStore';

/**
 * The quick-ask window's start: events wired, state loaded, the input focused
 * whenever the window shows. A reloaded window reopens its conversation and
 * reattaches to its run if one is still going.
 */
export function useQuickBootstrap(): void {
  useEffect(() => {
    const disconnect = connectEvents();
    void (async () => {
      await loadInitialState();
      const remembered = rememberedConversation();
      if (remembered && !(await openConversation(remembered)) && useChatStore.getState().conversationId === remembered) newConversation();
    })();
    const onShow = () => {
      if (document.visibilityState === 'visible') focusComposer();
    };
    document.addEventListener('visibilitychange', onShow);
    window.addEventListener('focus', onShow);
    return () => {
      disconnect();
      document.removeEventListener('visibilitychange', onShow);
      window.removeEventListener('focus', onShow);
    };
  }, []);
}
