import { create } from 'zustand';
import type { RunUndoState, UndoPlanView } from '../../../shared/undo';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
import { showErrorToast, showToast } from './uiStore';

/**
 * Undo of the open conversation's runs: which of them changed files (and are
 * undone), read from main when the conversation opens and when it changes;
 * the plan shown in the Undo dialog, and carrying it out.
 */
export interface UndoState {
  conversationId?: string;
  /** Runs that changed files, by run id. */
  runs: Record<string, RunUndoState>;
  /**
   * The dialog: the plan being looked at (or being made). `leaving`: offered
   * because the user left the branch of this run (its step among the runs
   * left that changed files; declining keeps every file), or, with `back`,
   * came back to it after its changes were undone on leaving (a redo).
   */
  dialog?: { runId: string; redo: boolean; plan?: UndoPlanView; busy: boolean; leaving?: { step: number; of: number; back?: boolean } };
}

export const useUndoStore = create<UndoState>()(() => ({ runs: {} }));

let loadToken = 0;

export async function loadUndoRuns(conversationId: string | undefined): Promise<void> {
  const token = ++loadToken;
  if (!conversationId) {
    useUndoStore.setState({ conversationId: undefined, runs: {} });
    return;
  }
  if (useUndoStore.getState().conversationId !== conversationId) useUndoStore.setState({ conversationId, runs: {} });
  try {
    const { runs } = await punie.request('undo.runs', { conversationId });
    if (token !== loadToken) return;
    useUndoStore.setState({ conversationId, runs: Object.fromEntries(runs.map((r) => [r.runId, r])) });
  } catch {
    // The conversation may be gone or unreadable; its view says so. No undo is offered meanwhile.
  }
}

export async function openUndo(conversationId: string, runId: string, redo: boolean): Promise<void> {
  useUndoStore.setState({ dialog: { runId, redo, busy: true } });
  try {
    const plan = await punie.request('undo.plan', { conversationId, runId, redo });
    if (useUndoStore.getState().dialog?.runId !== runId) return;
    useUndoStore.setState({ dialog: { runId, redo, plan, busy: false } });
  } catch (e) {
    useUndoStore.setState({ dialog: undefined });
    showErrorToast(redo ? 'Could not redo this run' : 'Could not undo this run', toErrorData(e));
  }
}

export function closeUndo(): void {
  useUndoStore.setState({ dialog: undefined });
  settleOffer?.('kept');
}

/** Resolves the offer on screen (offerUndoOfLeftRuns) once the user undid or kept. */
let settleOffer: ((outcome: 'undone' | 'kept') => void) | undefined;
/** Runs whose files the user chose to keep when leaving their branch: not offered again in this window. */
const keptOnLeaving = new Set<string>();
/** Runs undone because the user left their branch (in this window): coming back to the branch offers their redo. */
const undoneOnLeaving = new Set<string>();

/**
 * The user left a branch (switched with `‹ ›`, or edited or regenerated a
 * prompt): for the runs left whose file changes are still in the folder,
 * offers their undo, the latest first, so the folder matches the branch in
 * view. One "Keep files" keeps them all. Resolves when the user has decided
 * (at once when there is nothing to offer).
 */
export async function offerUndoOfLeftRuns(conversationId: string, runIds: readonly string[]): Promise<void> {
  const state = useUndoStore.getState();
  if (state.conversationId !== conversationId || state.dialog) return;
  const offered = runIds.filter((id) => state.runs[id] && !state.runs[id].undone && !keptOnLeaving.has(id)).reverse();
  // Bounded by the runs left.
  for (let i = 0; i < offered.length; i++) {
    const runId = offered[i]!;
    let plan: UndoPlanView;
    try {
      plan = await punie.request('undo.plan', { conversationId, runId, redo: false });
    } catch {
      continue; // Its folder is gone, or it was undone meanwhile: nothing to offer for it.
    }
    // Nothing of it is left to put back (its files are already as they were, or cannot be).
    if (plan.files.every((f) => f.blocked)) continue;
    if (useUndoStore.getState().dialog) return;
    const outcome = await new Promise<'undone' | 'kept'>((resolve) => {
      settleOffer = resolve;
      useUndoStore.setState({ dialog: { runId, redo: false, plan, busy: false, leaving: { step: i + 1, of: offered.length } } });
    });
    settleOffer = undefined;
    if (outcome === 'kept') {
      for (const id of offered) keptOnLeaving.add(id);
      return;
    }
    undoneOnLeaving.add(runId);
  }
}

/**
 * The user came back to a branch whose runs were undone when they left it
 * (offerUndoOfLeftRuns): offers to make those runs' changes again, the
 * earliest first, so the folder matches the branch in view once more. Runs
 * the user undid themselves are never offered. "Keep files" declines them all.
 */
export async function offerRedoOfReturnedRuns(conversationId: string, runIds: readonly string[]): Promise<void> {
  const state = useUndoStore.getState();
  if (state.conversationId !== conversationId || state.dialog) return;
  const offered = runIds.filter((id) => undoneOnLeaving.has(id) && state.runs[id]?.undone);
  // Bounded by the runs come back to.
  for (let i = 0; i < offered.length; i++) {
    const runId = offered[i]!;
    let plan: UndoPlanView;
    try {
      plan = await punie.request('undo.plan', { conversationId, runId, redo: true });
    } catch {
      undoneOnLeaving.delete(runId);
      continue;
    }
    if (plan.files.every((f) => f.blocked)) continue;
    if (useUndoStore.getState().dialog) return;
    const outcome = await new Promise<'undone' | 'kept'>((resolve) => {
      settleOffer = resolve;
      useUndoStore.setState({ dialog: { runId, redo: true, plan, busy: false, leaving: { step: i + 1, of: offered.length, back: true } } });
    });
    settleOffer = undefined;
    if (outcome === 'kept') {
      for (const id of offered) undoneOnLeaving.delete(id);
      return;
    }
    undoneOnLeaving.delete(runId);
  }
}

/** Carries out the plan on screen; `overwrite`: files changed since the run the user chose to put back anyway. */
export async function confirmUndo(overwrite: readonly string[]): Promise<void> {
  const dialog = useUndoStore.getState().dialog;
  const plan = dialog?.plan;
  if (!dialog || !plan || dialog.busy) return;
  useUndoStore.setState({ dialog: { ...dialog, busy: true } });
  try {
    const result = await punie.request('undo.apply', {
      conversationId: plan.conversationId,
      runId: plan.run.runId,
      redo: plan.redo,
      overwrite: [...overwrite],
      seen: Object.fromEntries(plan.files.map((f) => [f.path, f.now])),
    });
    useUndoStore.setState({ dialog: undefined });
    settleOffer?.('undone');
    const verb = plan.redo ? 'Made again' : 'Undone';
    const files = `${result.done.length} file${result.done.length === 1 ? '' : 's'}`;
    const kept = result.skipped.length > 0 ? ` Kept as they are: ${result.skipped.map((s) => `${s.path} (${s.reason})`).join('; ')}.` : '';
    showToast({ level: result.done.length > 0 ? 'info' : 'warning', message: `${verb}: ${files}.${kept}` });
    await loadUndoRuns(plan.conversationId);
  } catch (e) {
    useUndoStore.setState({ dialog: { ...dialog, busy: false } });
    showErrorToast(plan.redo ? 'Could not redo this run' : 'Could not undo this run', toErrorData(e));
  }
}
