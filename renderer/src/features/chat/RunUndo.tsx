import { openUndo, useUndoStore } from '../../stores/undoStore';
import type { RunView } from './runView';
import { commandsNote } from './undoText';

/** On a finished run that changed files: "Undo this run" (or, once undone, "Redo"), and a note when it also ran commands. */
export function RunUndo({ run }: { run: RunView }) {
  const state = useUndoStore((s) => (s.conversationId === run.conversationId ? s.runs[run.runId] : undefined));
  if (!state || run.status === 'running') return null;
  return (
    <span className="run-undo">
      {state.undone ? <span className="badge">Undone</span> : null}
      <button type="button" className="btn btn-sm" onClick={() => void openUndo(run.conversationId, run.runId, state.undone)} title={state.undone ? 'Make this run’s file changes again' : `Put back the ${state.files} file${state.files === 1 ? '' : 's'} this run changed`}>
        {state.undone ? 'Redo' : 'Undo this run'}
      </button>
      {state.commands > 0 ? <span className="run-undo-note">{commandsNote(state.commands)}</span> : null}
    </span>
  );
}
