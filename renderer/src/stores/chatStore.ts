import { create } from 'zustand';
import type { PermissionDecision } from '../../../shared/agentEvents';
import type { ErrorData } from '../../../shared/errors';
import { conversationToRuns } from '../features/chat/conversationToRuns';
import type { RunView } from '../features/chat/runView';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
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
  useChatStore.setState({ conversationId: undefined, title: undefined, stored: [], loading: false, loadError: undefined, pending: undefined, startError: undefined });
}

/** Shows a stored conversation and any of its runs still in flight. */
export async function openConversation(id: string): Promise<void> {
  const token = ++openToken;
  keepRunsOf(id);
  useChatStore.setState({ conversationId: id, title: undefined, stored: [], loading: true, loadError: undefined, pending: undefined, startError: undefined });
  try {
    const [conversation] = await Promise.all([punie.request('conversations.get', { id }), reattachActive()]);
    if (token !== openToken) return;
    useChatStore.setState({ stored: conversationToRuns(id, conversation.messages, conversation.model), title: conversation.title, loading: false });
  } catch (e) {
    if (token !== openToken) return;
    useChatStore.setState({ loading: false, loadError: toErrorData(e) });
  }
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
