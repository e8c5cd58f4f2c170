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
  /** The dialog: the plan being looked at (or being made). */
  dialog?: { runId: string; redo: boolean; plan?: UndoPlanView; busy: boolean };
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
