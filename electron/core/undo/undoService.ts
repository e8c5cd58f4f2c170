import type { Conversation } from '../../../shared/conversation';
import { branchRuns, storedRuns } from '../../../shared/conversationBranches';
import { PunieError } from '../errors';
import type { ChangeRecord, UndoRecord } from '../store/records';
import { createWorkspaceGuard, type WorkspaceGuard } from '../tools/workspaceGuard';
import { foldRunChanges, runsOf, type RunFiles, type RunInfo } from './runChanges';
import { applyUndo, planUndo, type AppliedUndo, type FilePlan } from './undoPlan';

/**
 * Undo and redo of what a run changed, over the conversation store: which
 * runs can be undone, what undoing one would do (a diff per file, files
 * changed since flagged), and doing it, recorded in the conversation's log
 * so it can itself be redone. Used by `punie undo` and the app.
 */

export interface UndoStorePort {
  get(id: string, signal: AbortSignal): Promise<Conversation>;
  undoRecords(id: string, signal: AbortSignal): Promise<(ChangeRecord | UndoRecord)[]>;
  recordUndo(id: string, record: Omit<UndoRecord, 'v' | 't' | 'at'>, signal: AbortSignal): Promise<void>;
}

/** A run that changed files, as the faces show it. */
export interface RunUndoState {
  runId: string;
  /** 1 = the conversation's first prompt. */
  number: number;
  prompt: string;
  /** Files it changed. */
  files: number;
  /** Of those, files whose earlier content was not kept (too large, not text). */
  notUndoable: number;
  /** Commands it ran: their effects are not undone. */
  commands: number;
  undone: boolean;
}

export interface UndoPlanView {
  conversationId: string;
  workspace: string;
  run: RunUndoState;
  redo: boolean;
  files: FilePlan[];
}

export interface UndoChoice {
  /** Which run (default: the latest that can be undone, or redone). */
  runId?: string;
  /** Which run by number (punie undo --run N). */
  number?: number;
  redo?: boolean;
}

export interface UndoService {
  runs(conversationId: string, signal: AbortSignal): Promise<RunUndoState[]>;
  plan(conversationId: string, choice: UndoChoice, signal: AbortSignal): Promise<UndoPlanView>;
  /**
   * Does it. `overwrite`: files changed since the run to put back anyway.
   * `seen`: each file's hash as the plan the user saw had it; a file that
   * differs now is left alone.
   */
  apply(conversationId: string, choice: UndoChoice & { overwrite?: readonly string[]; seen?: Readonly<Record<string, string>> }, signal: AbortSignal): Promise<AppliedUndo & { plan: UndoPlanView }>;
}

export function createUndoService(deps: { store: UndoStorePort; deniedRoots?: readonly string[] }): UndoService {
  const load = async (conversationId: string, signal: AbortSignal) => {
    const [conversation, records] = await Promise.all([deps.store.get(conversationId, signal), deps.store.undoRecords(conversationId, signal)]);
    const changes = foldRunChanges(records);
    const infos = runsOf(conversation.messages);
    const states = infos.flatMap((info) => {
      const files = changes.get(info.runId);
      return files ? [stateOf(info, files)] : [];
    });
    return { conversation, changes, states };
  };

  const pick = (conversation: Conversation, states: RunUndoState[], choice: UndoChoice): RunUndoState => {
    if (choice.runId !== undefined || choice.number !== undefined) {
      const found = states.find((s) => s.runId === choice.runId || s.number === choice.number);
      if (!found) throw new PunieError('not-found', 'That run changed no files, so there is nothing to undo.');
      return found;
    }
    // Unnamed: the last run of the branch in view (the one the user sees and the next prompt continues), never one of a branch left behind.
    const onBranch = new Set(branchRuns(storedRuns(conversation.id, conversation.messages), conversation.currentRunId).map((r) => r.runId));
    const found = [...states].reverse().find((s) => onBranch.has(s.runId) && s.undone === (choice.redo === true));
    if (!found) {
      const branched = states.some((s) => !onBranch.has(s.runId));
      const where = branched ? 'the branch in view' : 'this conversation';
      throw new PunieError('not-found', choice.redo ? `No run of ${where} is undone, so there is nothing to redo.` : `No run of ${where} changed files that are not undone already.`, {
        ...(branched ? { hint: 'Name a run of another branch with its number (punie history ID numbers them).' } : {}),
      });
    }
    return found;
  };

  const guardFor = async (conversation: Conversation): Promise<WorkspaceGuard> => {
    const root = conversation.workspace;
    if (root === undefined) throw new PunieError('not-found', 'This conversation has no folder, so it changed no files.');
    let guard: WorkspaceGuard;
    try {
      guard = await createWorkspaceGuard({ root, ...(deps.deniedRoots ? { deniedRoots: deps.deniedRoots } : {}) });
    } catch (e) {
      throw new PunieError('workspace-missing', `This conversation works in ${root}, which no longer exists or is not a folder.`, { hint: 'Pick the folder again, then undo.', cause: e });
    }
    if (guard.root !== root) throw new PunieError('workspace-missing', `This conversation works in ${root}, which now leads to ${guard.root}.`, { hint: 'Pick the folder again, then undo.' });
    return guard;
  };

  const planFor = async (conversationId: string, choice: UndoChoice, signal: AbortSignal) => {
    const { conversation, changes, states } = await load(conversationId, signal);
    const run = pick(conversation, states, choice);
    const redo = choice.redo ?? false;
    const guard = await guardFor(conversation);
    const files = changes.get(run.runId)!;
    const plan = await planUndo(guard, files, redo);
    const view: UndoPlanView = { conversationId, workspace: guard.root, run, redo, files: plan.files };
    return { view, plan, guard, files };
  };

  return {
    async runs(conversationId, signal) {
      return (await load(conversationId, signal)).states;
    },
    async plan(conversationId, choice, signal) {
      return (await planFor(conversationId, choice, signal)).view;
    },
    async apply(conversationId, choice, signal) {
      const { view, plan, guard, files } = await planFor(conversationId, choice, signal);
      const seen = choice.seen;
      const checked = seen ? { ...plan, files: plan.files.map((f) => ({ ...f, now: seen[f.path] ?? f.now })) } : plan;
      const result = await applyUndo(guard, files, checked, new Set(choice.overwrite ?? []), signal);
      if (result.done.length > 0) {
        await deps.store.recordUndo(conversationId, { runId: view.run.runId, redo: view.redo, files: result.done }, signal);
      }
      return { ...result, plan: view };
    },
  };
}

function stateOf(info: RunInfo, files: RunFiles): RunUndoState {
  let notUndoable = 0;
  for (const f of files.files.values()) if (f.before.kind === 'not-kept') notUndoable++;
  return { runId: info.runId, number: info.number, prompt: info.prompt, files: files.files.size, notUndoable, commands: info.commands, undone: files.undone };
}
