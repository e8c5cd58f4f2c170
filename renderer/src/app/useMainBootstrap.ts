import { useEffect } from 'react';
import type { AppCommand } from '../../../shared/ipc/events';
import { punie } from '../ipc/client';
import { rememberedConversation } from '../lib/windowMemory';
import { newConversation, openConversation, reattachActive, useChatStore } from '../stores/chatStore';
import { loadHistory } from '../stores/historyStore';
import { selectModel } from '../stores/modelsStore';
import { focusComposer, openSettings } from '../stores/uiStore';
import { connectEvents, loadInitialState } from './connect';

/**
 * The main window's start: events wired, state and history loaded, and a
 * reattach so a reloaded window shows the runs still in flight: it reopens
 * the conversation it showed before the reload, else the newest run's. The
 * history list and the reopened conversation are asked for at once, beside
 * the settings, servers and models, not after them.
 */
export function useMainBootstrap(): void {
  useEffect(() => {
    const disconnect = connectEvents();
    const offCommands = punie.on('app.command', runCommand);
    let cancelled = false;
    void (async () => {
      // The sidebar and the reopened conversation never wait for servers and models to be probed.
      void loadHistory();
      const remembered = rememberedConversation();
      const reopened = remembered === undefined ? undefined : openConversation(remembered);
      await loadInitialState();
      if (remembered && reopened && !cancelled) {
        if (await reopened) return;
        // Gone since (deleted elsewhere): start fresh rather than show an error.
        if (useChatStore.getState().conversationId === remembered) newConversation();
      }
      const active = await reattachActive().catch(() => []);
      const newest = active[0];
      if (!cancelled && newest && !useChatStore.getState().conversationId) await openConversation(newest.conversationId);
    })();
    return () => {
      cancelled = true;
      disconnect();
      offCommands();
    };
  }, []);
}

export function runCommand(command: AppCommand): void {
  switch (command.command) {
    case 'new-conversation':
      newConversation();
      focusComposer();
      return;
    case 'open-settings':
      openSettings();
      return;
    case 'focus-composer':
      focusComposer();
      return;
    case 'open-conversation':
      void openConversation(command.conversationId);
      return;
    case 'use-model':
      selectModel(command.spec);
      return;
  }
}
