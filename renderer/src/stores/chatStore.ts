import { create } from 'zustand';
import type { PermissionDecision } from '../../../shared/agentEvents';
import type { ErrorData } from '../../../shared/errors';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
import { rememberOpenConversation } from '../lib/windowMemory';
import { branchPath, choicesForTip, runsLeft } from '../features/chat/branchPath';
import type { RunView } from '../../../shared/runView';
import type { ConversationWriter } from '../../../shared/conversation';
import { adoptStoredRuns, holdsRuns, keepRunsOf, reattach, useRunsStore } from './runsStore';
import { showErrorToast } from './uiStore';
import { offerRedoOfReturnedRuns, offerUndoOfLeftRuns } from './undoStore';

/**
 * The conversation on screen and what this window is doing with it. Its runs,
 * live or read from history, are in runsStore (one reducer built them all);
 * useConversationRuns picks this conversation's.
 */
export interface ChatState {
  conversationId?: string;
  title?: string;
  /** The branch in view: for a parent run (key '' for the start), the run switched to (default the latest). */
  branchChoices: Record<string, string>;
  loading: boolean;
  loadError?: ErrorData;
  /** A prompt sent whose run has not started yet. */
  pending?: { prompt: string; at: number };
  /** Why the last prompt could not start (kept until the next send). */
  startError?: ErrorData & { prompt: string; modelSpec: string };
  /** Another Punie process is writing the open conversation: it is read-only here until that one is done. */
  writtenElsewhere?: ConversationWriter;
}

export const useChatStore = create<ChatState>()(() => ({ loading: false, branchChoices: {} }));

let openToken = 0;

export function newConversation(): void {
  openToken++;
  keepRunsOf(undefined);
  rememberOpenConversation(undefined);
  useChatStore.setState({
    conversationId: undefined,
    title: undefined,
    branchChoices: {},
    loading: false,
    loadError: undefined,
    pending: undefined,
    startError: undefined,
    writtenElsewhere: undefined,
  });
}

/** Shows a stored conversation and any of its runs still in flight. Resolves false when it could not be read. */
export async function openConversation(id: string): Promise<boolean> {
  const token = ++openToken;
  keepRunsOf(id);
  rememberOpenConversation(id);
  useChatStore.setState({ conversationId: id, title: undefined, branchChoices: {}, loading: true, loadError: undefined, pending: undefined, startError: undefined, writtenElsewhere: undefined });
  try {
    // The end of the branch in view first (what fills the screen), the rest of a long conversation after.
    const [conversation] = await Promise.all([readConversation(id, FIRST_RUNS), reattachActive()]);
    if (token !== openToken) return true;
    // The branch the conversation was left on (recorded when the user switched), after a restart too.
    const choices = choicesForTip(runsOf(id), conversation.branchTip);
    useChatStore.setState({ title: conversation.title, loading: false, branchChoices: choices });
    if (conversation.earlierRuns) void readEarlierRuns(id, token, choices);
    return true;
  } catch (e) {
    if (token !== openToken) return false;
    useChatStore.setState({ loading: false, loadError: toErrorData(e) });
    return false;
  }
}

/** The runs a long conversation shows first: the last of the branch in view (the view is a virtual list; a screen holds a few). */
export const FIRST_RUNS = 40;

/** The rest of a long conversation, after its end is on screen: its older runs and other branches. */
async function readEarlierRuns(id: string, token: number, firstChoices: Record<string, string>): Promise<void> {
  try {
    const conversation = await readConversation(id);
    if (token !== openToken) return;
    // With every run known, the branch tip's choices reach back to the start. A switch the user made
    // meanwhile wins; the first answer's choice at the start (its oldest run, hung there) does not.
    const full = choicesForTip(runsOf(id), conversation.branchTip);
    const current = useChatStore.getState().branchChoices;
    const { '': start, ...rest } = current;
    const mine = current === firstChoices ? {} : start === firstChoices[''] ? rest : current;
    useChatStore.setState({ branchChoices: { ...full, ...mine } });
  } catch {
    // The end is on screen; the rest is read again when the conversation is opened again.
  }
}

/**
 * Reads a conversation's runs from history into runsStore: those this window
 * already holds (it watched them live, or read them before) stay as they are.
 */
async function readConversation(id: string, lastRuns?: number): Promise<{ title: string; branchTip?: string | undefined; earlierRuns?: number | undefined }> {
  const conversation = await punie.request('conversations.get', lastRuns === undefined ? { id } : { id, lastRuns });
  adoptStoredRuns(conversation.runs);
  if (useChatStore.getState().conversationId === id) {
    useChatStore.setState({ writtenElsewhere: conversation.writtenElsewhere });
    if (conversation.writtenElsewhere) watchWriter(id);
  }
  return conversation;
}

/** How often a read-only conversation asks whether its other writer is done. */
const WRITER_POLL_MS = 1_500;
let watching: string | undefined;

/**
 * While another process writes the open conversation, asks every
 * WRITER_POLL_MS whether it still does; once it is done, reads what it wrote
 * and the conversation becomes writable. Stops when another conversation
 * opens (bounded by the conversation being open).
 */
function watchWriter(id: string): void {
  if (watching === id) return;
  watching = id;
  const tick = async () => {
    if (useChatStore.getState().conversationId !== id || !useChatStore.getState().writtenElsewhere) {
      watching = undefined;
      return;
    }
    try {
      const { writer } = await punie.request('conversations.writer', { id });
      if (useChatStore.getState().conversationId !== id) {
        watching = undefined;
        return;
      }
      if (!writer) {
        watching = undefined;
        useChatStore.setState({ writtenElsewhere: undefined });
        // What it wrote meanwhile; if yet another process took it since, this watches again.
        await readConversation(id).catch(() => undefined);
        return;
      }
      useChatStore.setState({ writtenElsewhere: writer });
    } catch {
      // Deleted meanwhile, or main is busy: ask again later.
    }
    setTimeout(() => void tick(), WRITER_POLL_MS);
  };
  setTimeout(() => void tick(), WRITER_POLL_MS);
}

/**
 * The open conversation changed on disk by runs this window did not watch
 * (another process recorded them): reads it again in place, without the
 * loading state. Runs it watched are never read back.
 */
export async function readUnwatchedRuns(runIds: readonly string[]): Promise<void> {
  const { conversationId: id, loading } = useChatStore.getState();
  if (!id || loading) return;
  if (holdsRuns(runIds)) return;
  try {
    await readConversation(id);
  } catch {
    // It may have just been deleted; the history list says so. Keep what is on screen.
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

/** The conversation's runs this window holds (live or read), every branch. */
function runsOf(conversationId: string): RunView[] {
  return Object.values(useRunsStore.getState().runs).filter((r) => r.conversationId === conversationId);
}

/**
 * Shows another branch at a branch point: `runId` among the runs that follow
 * the same run. The switch is recorded (the sidebar's preview, search, export
 * and the CLI follow it, after a restart too), and when the runs left behind
 * changed files still in the folder, their undo is offered.
 */
export function chooseBranch(parentKey: string, runId: string): void {
  const { conversationId: id, branchChoices } = useChatStore.getState();
  const choices = { ...branchChoices, [parentKey]: runId };
  useChatStore.setState({ branchChoices: choices });
  if (!id) return;
  const all = runsOf(id);
  const before = branchPath(all, branchChoices).runs;
  const after = branchPath(all, choices).runs;
  const tip = after.at(-1);
  // A run still going has no prompt on disk to point at yet; the next switch or its own end says where the view is.
  if (tip && tip.runId !== before.at(-1)?.runId && tip.status !== 'running') {
    punie.request('conversations.branch', { id, runId: tip.runId }).catch((e: unknown) => showErrorToast('Could not keep the branch you switched to', toErrorData(e)));
  }
  // A run still going is not offered: its changes are not all made yet. Then the runs come back to, undone when they were left, are offered again.
  const left = runsLeft(before, after).filter((r) => r.status !== 'running');
  const back = runsLeft(after, before).filter((r) => r.status !== 'running');
  void offerUndoOfLeftRuns(
    id,
    left.map((r) => r.runId),
  ).then(() =>
    offerRedoOfReturnedRuns(
      id,
      back.map((r) => r.runId),
    ),
  );
}

/** The last run of the branch in view (what a new prompt follows), if the conversation has runs. */
function branchTip(conversationId: string): string | undefined {
  return branchPath(runsOf(conversationId), useChatStore.getState().branchChoices).runs.at(-1)?.runId;
}

/**
 * Starts a run in this conversation (or a new one). It follows the branch in
 * view, or `parentRunId` when given (an edited prompt or a regenerated answer
 * starts a branch beside the runs that follow that run; null: from the
 * start); the new branch is then the one in view. Resolves false when it could not start.
 */
export async function sendPrompt(input: { prompt: string; modelSpec: string; workspace?: string; parentRunId?: string | null }): Promise<boolean> {
  const before = useChatStore.getState().conversationId;
  const parentRunId = input.parentRunId !== undefined ? input.parentRunId : before ? branchTip(before) : undefined;
  if (before && input.parentRunId !== undefined) {
    // A new branch beside the runs after `parentRunId`: first offer to undo what they changed in files.
    const path = branchPath(runsOf(before), useChatStore.getState().branchChoices).runs;
    const at = input.parentRunId === null ? -1 : path.findIndex((r) => r.runId === input.parentRunId);
    await offerUndoOfLeftRuns(
      before,
      path
        .slice(at + 1)
        .filter((r) => r.status !== 'running')
        .map((r) => r.runId),
    );
    if (useChatStore.getState().conversationId !== before) return false;
  }
  if (input.parentRunId !== undefined) {
    // The new run is the latest beside its siblings: the view follows it once it starts.
    const key = input.parentRunId ?? '';
    useChatStore.setState((s) => {
      const { [key]: _left, ...rest } = s.branchChoices;
      return { branchChoices: rest };
    });
  }
  useChatStore.setState({ pending: { prompt: input.prompt, at: Date.now() }, startError: undefined });
  try {
    const started = await punie.request('agent.start', {
      prompt: input.prompt,
      modelSpec: input.modelSpec,
      ...(before ? { conversationId: before } : {}),
      ...(input.workspace ? { workspace: input.workspace } : {}),
      ...(before && parentRunId !== undefined ? { parentRunId } : {}),
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
