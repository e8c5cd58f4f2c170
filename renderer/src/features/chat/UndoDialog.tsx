import { useLayoutEffect, useRef, useState } from 'react';
import { closeUndo, confirmUndo, useUndoStore } from '../../stores/undoStore';
import { DiffView } from '../trace/DiffView';
import { commandsNote } from './undoText';

/**
 * What undoing (or redoing) a run will do, before anything changes: each
 * file with the diff from what it holds now to what it will hold. A file
 * changed since the run is listed apart and kept unless its box is ticked;
 * a file that cannot be put back says why. Offered when the user leaves a
 * branch whose runs changed files, it says so, and Cancel keeps the files.
 */
export function UndoDialog() {
  const dialog = useUndoStore((s) => s.dialog);
  const ref = useRef<HTMLDialogElement>(null);
  const [overwrite, setOverwrite] = useState<ReadonlySet<string>>(new Set());
  const open = dialog !== undefined;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) {
      setOverwrite(new Set());
      el.showModal();
    }
    if (!open && el.open) el.close();
  }, [open]);

  const plan = dialog?.plan;
  const verb = dialog?.redo ? 'Redo' : 'Undo';
  const leaving = dialog?.leaving;
  const actionable = plan?.files.filter((f) => !f.blocked && (!f.changedSince || overwrite.has(f.path))) ?? [];
  const toggle = (path: string) =>
    setOverwrite((s) => {
      const next = new Set(s);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  return (
    <dialog
      ref={ref}
      className="undo-dialog"
      aria-labelledby="undo-title"
      onCancel={(e) => {
        e.preventDefault();
        closeUndo();
      }}
    >
      {dialog ? (
        <div className="undo-frame">
          <h2 id="undo-title" className="undo-title">
            {leaving?.back
              ? `Redo run ${plan ? plan.run.number : ''} of the branch you came back to?`
              : leaving
                ? `Undo run ${plan ? plan.run.number : ''} of the branch you left?`
                : `${verb} run ${plan ? plan.run.number : ''}`}
            {leaving && leaving.of > 1 ? <span className="undo-step"> ({leaving.step} of {leaving.of})</span> : null}
          </h2>
          {plan ? (
            <>
              {leaving?.back ? (
                <p className="undo-lead undo-leaving">
                  This run’s changes were undone when you left its branch. Make them again so the folder matches the branch you came back to, or keep the files as they are.
                </p>
              ) : leaving ? (
                <p className="undo-lead undo-leaving">
                  You are leaving the branch this run is on, but the files it changed are still as it left them. Undo its changes so the folder matches the branch you go to, or keep the files.
                </p>
              ) : null}
              <p className="undo-lead">
                {plan.redo ? 'Makes the run’s changes again' : 'Puts back what the run changed'} in <span className="mono">{plan.workspace}</span>.
                {plan.run.commands > 0 ? <span className="undo-commands"> {commandsNote(plan.run.commands)}</span> : null}
              </p>
              <div className="undo-files">
                {plan.files.length === 0 ? <p className="undo-lead">Every file is already as it would be.</p> : null}
                {plan.files.map((f) => (
                  <section key={f.path} className="undo-file" data-path={f.path} aria-label={f.path}>
                    <div className="undo-file-head">
                      <span className="mono undo-path">{f.path}</span>
                      <span className="undo-what">{f.blocked ? 'cannot be put back' : f.action === 'remove' ? 'removed (the run created it)' : plan.redo ? 'the run’s text written again' : 'earlier text put back'}</span>
                    </div>
                    {f.blocked ? <p className="field-error">{f.blocked}</p> : null}
                    {f.changedSince && !f.blocked ? (
                      <label className="undo-changed">
                        <input type="checkbox" checked={overwrite.has(f.path)} onChange={() => toggle(f.path)} />
                        Changed since the run. Put it back anyway (those changes are lost); otherwise it is kept as it is.
                      </label>
                    ) : null}
                    {f.diff ? <DiffView diff={f.diff} maxHeight={220} /> : null}
                  </section>
                ))}
              </div>
            </>
          ) : (
            <p className="undo-lead" role="status">
              Looking at the files…
            </p>
          )}
          <div className="undo-actions">
            <button type="button" className="btn" onClick={closeUndo}>
              {leaving ? 'Keep files' : 'Cancel'}
            </button>
            <button type="button" className="btn btn-primary" disabled={!plan || dialog.busy || actionable.length === 0} onClick={() => void confirmUndo([...overwrite])}>
              {verb} {actionable.length} file{actionable.length === 1 ? '' : 's'}
            </button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
