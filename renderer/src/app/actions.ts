import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
import type { ErrorAction } from '../features/chat/errorPresentation';
import { newConversation, sendPrompt, useChatStore } from '../stores/chatStore';
import { loadConversationWorkspace, useConversationWorkspaceStore } from '../stores/conversationWorkspaceStore';
import { selectModel, useModelsStore } from '../stores/modelsStore';
import { refreshServers } from '../stores/serversStore';
import { applySettingsView, patchSettings, useSettingsStore } from '../stores/settingsStore';
import { focusComposer, openSettings, setPopover, showErrorToast, showToast } from '../stores/uiStore';

/** What the UI's buttons do when they reach beyond one store. */

/** Sends a prompt with the model and workspace in use. */
export function sendWithSelection(prompt: string): Promise<boolean> {
  const modelSpec = useModelsStore.getState().selected;
  if (!modelSpec) {
    setPopover('models');
    return Promise.resolve(false);
  }
  const workspace = useSettingsStore.getState().view?.settings.workspace;
  return sendPrompt({ prompt, modelSpec, workspace });
}

/** Asks for a folder (the system dialog); main makes it the workspace and remembers it among the recent ones. */
export async function pickWorkspace(): Promise<void> {
  try {
    const { path } = await punie.request('workspace.pick', {});
    if (path) {
      applySettingsView(await punie.request('settings.get', {}));
      leaveConversationOutside(path);
    }
  } catch (e) {
    showErrorToast('Could not change the workspace', toErrorData(e));
  }
}

/** Makes a recent folder the workspace (main checks it is one it knows). */
export async function chooseRecentWorkspace(path: string): Promise<void> {
  if (await patchSettings({ workspace: path })) leaveConversationOutside(path);
}

/**
 * A conversation keeps its folder, so choosing another one while a
 * conversation is open starts a new conversation there.
 */
function leaveConversationOutside(path: string): void {
  const open = useChatStore.getState().conversationId;
  const { conversationId, workspace } = useConversationWorkspaceStore.getState();
  if (!open || conversationId !== open || workspace === undefined || sameFolder(workspace, path)) return;
  newConversation();
  showToast({ level: 'info', message: `A new conversation starts in ${path}; the other one stays in ${workspace}.` });
  focusComposer();
}

function sameFolder(a: string, b: string): boolean {
  const trim = (p: string) => p.replace(/[\\/]+$/, '');
  return trim(a) === trim(b);
}

/** The open conversation's folder moved: main asks where it is now; the conversation works there from then on. */
export async function relocateWorkspace(): Promise<void> {
  const id = useChatStore.getState().conversationId;
  if (!id) return;
  try {
    const { path } = await punie.request('conversations.relocate', { id });
    if (path) {
      useChatStore.setState({ startError: undefined });
      void loadConversationWorkspace(id);
      showToast({ level: 'info', message: `This conversation works in ${path} from now on.` });
      focusComposer();
    }
  } catch (e) {
    showErrorToast('Could not change the conversation’s folder', toErrorData(e));
  }
}

export function performErrorAction(action: ErrorAction, context: { prompt?: string } = {}): void {
  switch (action.kind) {
    case 'retry-servers':
      void refreshServers();
      return;
    case 'show-endpoints':
      setPopover('endpoints');
      return;
    case 'use-test-model':
      selectModel('test');
      showToast({ level: 'info', message: 'Using the built-in Test model.' });
      focusComposer();
      return;
    case 'pick-model':
      setPopover('models');
      return;
    case 'open-keys':
      openSettings('keys', action.provider);
      return;
    case 'retry-prompt':
      if (context.prompt) void sendWithSelection(context.prompt);
      return;
    case 'pick-workspace':
      void pickWorkspace();
      return;
    case 'relocate-workspace':
      void relocateWorkspace();
      return;
    case 'open-settings':
      openSettings('general');
      return;
    case 'new-conversation':
      newConversation();
      focusComposer();
      return;
  }
}
