import { create } from 'zustand';
import type { PermissionDecision } from '../../../shared/agentEvents';
import type { ErrorData } from '../../../shared/errors';
import type { Conversation, ConversationMessage } from '../../../shared/conversation';
import { contextStartRunId, conversationToRuns } from '../features/chat/conversationToRuns';
import type { RunView } from '../features/chat/runView';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
import { rememberOpenConversation } from '../lib/windowMemory';
import { keepRunsOf, reattach } from './runsStore';
import { showErrorToast } from './uiStore';

/**
 * The conversation on screen: its stored history and what this window is
 * doing with it. Live runs live in runsStore; useConversationRuns merges both.
 */
export interface ChatState {
  conversationId?: string;
  title?: string;
  /** Runs rebuilt from the stored conversation. */
  stored: RunView[];
  /** The run above which earlier messages were left out of the model's context (Conversation.trimmedBefore). */
  contextStart?: string;
  loading: boolean;
  loadError?: ErrorData;
  /** A prompt sent whose run has not started yet. */
  pending?: { prompt: string; at: number };
  /** Why the last prompt could not start (kept until the next send). */
  startError?: ErrorData & { prompt: string; modelSpec: string };
}

export const useChatStore = create<ChatState>()(() => ({ stored: [], loading: false }));

let openToken = 0;

export function newConversation(): void {
  openToken++;
  keepRunsOf(undefined);
  rememberOpenConversation(undefined);
  useChatStore.setState({
    conversationId: undefined,
    title: undefined,
    stored: [],
    contextStart: undefined,
    loading: false,
    loadError: undefined,
    pending: undefined,
    startError: undefined,
  });
}

/**
 * The open conversation's messages as last read, so reading it again asks
 * only for its last run on (a run appends its messages, and only its own
 * messages change while it streams), not a long history again.
 */
let held: { id: string; messages: readonly ConversationMessage[] } | undefined;

function storedView(conversation: Conversation & { messagesFrom?: number }): Pick<ChatState, 'stored' | 'title' | 'contextStart'> {
  const from = conversation.messagesFrom ?? 0;
  const messages = from > 0 && held?.id === conversation.id ? [...held.messages.slice(0, from), ...conversation.messages] : conversation.messages;
  held = { id: conversation.id, messages };
  return {
    stored: conversationToRuns(conversation.id, messages, conversation.model),
    title: conversation.title,
    contextStart: contextStartRunId(messages, conversation.trimmedBefore),
  };
}

/** Shows a stored conversation and any of its runs still in flight. Resolves false when it could not be read. */
export async function openConversation(id: string): Promise<boolean> {
  const token = ++openToken;
  keepRunsOf(id);
  rememberOpenConversation(id);
  useChatStore.setState({ conversationId: id, title: undefined, stored: [], contextStart: undefined, loading: true, loadError: undefined, pending: undefined, startError: undefined });
  try {
    const [conversation] = await Promise.all([punie.request('conversations.get', { id }), reattachActive()]);
    if (token !== openToken) return true;
    useChatStore.setState({ ...storedView(conversation), loading: false });
    return true;
  } catch (e) {
    if (token !== openToken) return false;
    useChatStore.setState({ loading: false, loadError: toErrorData(e) });
    return false;
  }
}

/**
 * Reads the open conversation again in place (it changed on disk: a run
 * ended, it was renamed), without the loading state. Live runs stay on top
 * of their stored copies (matched by runId).
 */
export async function refreshOpenConversation(): Promise<void> {
  const { conversationId: id, loading } = useChatStore.getState();
  if (!id || loading) return;
  const token = openToken;
  try {
    const conversation = await punie.request('conversations.get', { id, fromMessage: lastRunStart(id) });
    if (token !== openToken || useChatStore.getState().conversationId !== id) return;
    useChatStore.setState(storedView(conversation));
  } catch {
    // It may have just been deleted; the history list says so. Keep what is on screen.
  }
}

/** Where the last run of the held messages begins (its user message), or 0 when this conversation is not held. */
function lastRunStart(id: string): number {
  if (held?.id !== id) return 0;
  for (let i = held.messages.length - 1; i >= 0; i--) if (held.messages[i]!.role === 'user') return i;
  return 0;
}

/** Rebuilds runs still in flight (after a reload); returns them newest first. */
export async function reattachActive(): Promise<Array<{ runId: string; conversationId: string; startedAt: number }>> {
  let runs: Array<{ runId: string; conversationId: string; startedAt: number }> = [];
  await reattach(async () => {
    const active = await punie.request('agent.active', {});
    runs = active.runs.map(({ runId, conversationId, startedAt }) => ({ runId, conversationId, startedAt }));
    return active.runs;
  });
  return runs.sort((a, b) => b.startedAt - a.startedAt);
}

/** Starts a run in this conversation (or a new one). Resolves false when it could not start. */
export async function sendPrompt(input: { prompt: string; modelSpec: string; workspace?: string }): Promise<boolean> {
  const before = useChatStore.getState().conversationId;
  useChatStore.setState({ pending: { prompt: input.prompt, at: Date.now() }, startError: undefined });
  try {
    const started = await punie.request('agent.start', {
      prompt: input.prompt,
      modelSpec: input.modelSpec,
      ...(before ? { conversationId: before } : {}),
      ...(input.workspace ? { workspace: input.workspace } : {}),
    });
    if (useChatStore.getState().conversationId === before) {
      keepRunsOf(started.conversationId);
      rememberOpenConversation(started.conversationId);
      useChatStore.setState({ conversationId: started.conversationId, pending: undefined });
    } else {
      useChatStore.setState({ pending: undefined });
    }
    return true;
  } catch (e) {
    useChatStore.setState({ pending: undefined, startError: { ...toErrorData(e), prompt: input.prompt, modelSpec: input.modelSpec } });
    return false;
  }
}

export function dismissStartError(): void {
  useChatStore.setState({ startError: undefined });
}

export async function stopRun(runId: string): Promise<void> {
  try {
    await punie.request('agent.abort', { runId });
  } catch (e) {
    showErrorToast('Could not stop the run', toErrorData(e));
  }
}

/** Answers a permission request; false when main did not take the answer. */
export async function answerPermission(runId: string, requestId: string, decision: PermissionDecision): Promise<boolean> {
  try {
    const { accepted } = await punie.request('agent.permission', { runId, requestId, decision });
    return accepted;
  } catch (e) {
    showErrorToast('Your answer did not reach the agent', toErrorData(e));
    return false;
  }
}
