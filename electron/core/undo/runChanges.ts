import type { ConversationMessage } from '../../../shared/conversation';
import type { ChangeRecord, UndoRecord } from '../store/records';
import type { FileState } from './fileState';

/**
 * A conversation's runs as undo sees them, folded from its `change` and
 * `undo` records: per run, each file it changed with what the file held
 * before the run's first change and the hash of what its last change wrote,
 * and whether the run is undone now (its last undo record says so).
 */
export interface RunFiles {
  runId: string;
  /** Per path, in the order the run first changed them. */
  files: Map<string, { before: FileState; after: string }>;
  undone: boolean;
  /** The last undo or redo of the run: what redo puts back. */
  lastUndo?: UndoRecord;
}

export function foldRunChanges(records: readonly (ChangeRecord | UndoRecord)[]): Map<string, RunFiles> {
  const runs = new Map<string, RunFiles>();
  for (const r of records) {
    let run = runs.get(r.runId);
    if (r.t === 'change') {
      if (!run) {
        run = { runId: r.runId, files: new Map(), undone: false };
        runs.set(r.runId, run);
      }
      const known = run.files.get(r.path);
      run.files.set(r.path, { before: known?.before ?? r.before, after: r.after });
    } else if (run) {
      run.undone = !r.redo;
      run.lastUndo = r;
    }
  }
  return runs;
}

/** A run of the conversation: its number (1 = the first prompt), its id, and how many commands it ran. */
export interface RunInfo {
  number: number;
  runId: string;
  prompt: string;
  commands: number;
}

/** The runs of a conversation, in order, from its messages (prompts recorded before run ids were kept have none and are skipped). */
export function runsOf(messages: readonly ConversationMessage[]): RunInfo[] {
  const runs: RunInfo[] = [];
  let number = 0;
  let current: RunInfo | undefined;
  for (const m of messages) {
    if (m.role === 'user') {
      number += 1;
      current = m.runId === undefined ? undefined : { number, runId: m.runId, prompt: m.content, commands: 0 };
      if (current) runs.push(current);
    } else if (m.role === 'tool' && current && m.name === 'run_command' && !m.denied) {
      current.commands += 1;
    }
  }
  return runs;
}
