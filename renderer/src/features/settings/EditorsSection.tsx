import { useEffect, useState } from 'react';
import type { EditorId, EditorSetupView } from '../../../../shared/editorSetup';
import type { ErrorData } from '../../../../shared/errors';
import { punie } from '../../ipc/client';
import { toErrorData } from '../../ipc/requestError';
import { CopyButton } from '../../ui/CopyButton';
import { CheckIcon, TerminalIcon } from '../../ui/icons';

/**
 * "Use Punie in your editor": Zed and JetBrains IDEs start `punie acp` from
 * an entry in their configuration. Each editor shows its file, what setting
 * it up would do, the entry to copy by hand, and a button that writes it
 * (main merges it into the file and keeps a backup; the page only names
 * the editor, never the command).
 */
export function EditorsSection() {
  const [editors, setEditors] = useState<EditorSetupView[]>();
  const [error, setError] = useState<ErrorData>();

  useEffect(() => {
    const stop = new AbortController();
    punie
      .request('editors.preview', {}, { signal: stop.signal })
      .then((r) => setEditors(r.editors))
      .catch((e: unknown) => {
        if (!stop.signal.aborted) setError(toErrorData(e));
      });
    return () => stop.abort();
  }, []);

  return (
    <section className="settings-section" aria-labelledby="editors-title">
      <h3 id="editors-title" className="settings-section-title">
        Use Punie in your editor
      </h3>
      <p className="settings-section-lead">
        Zed and JetBrains IDEs run agents over the Agent Client Protocol. Set one up and Punie appears in its agent panel, with your local models, its
        permission prompts and your history here. The same from a terminal: <code>punie acp setup zed</code>.
      </p>
      {error ? <p className="field-error">{`${error.message}${error.hint ? ` ${error.hint}` : ''}`}</p> : null}
      {!editors && !error ? <p className="settings-loading">Loading…</p> : null}
      {editors?.map((e) => (
        <EditorCard key={e.editor} view={e} onChange={(next) => setEditors((all) => all?.map((x) => (x.editor === next.editor ? next : x)))} />
      ))}
    </section>
  );
}

const WHERE_TO_LOOK: Record<EditorId, string> = {
  zed: 'In Zed, open the agent panel, click + and choose Punie.',
  jetbrains: 'In your IDE, open AI Chat and pick Punie from the agent list (restart the IDE if it is not there yet).',
};

function EditorCard({ view, onChange }: { view: EditorSetupView; onChange: (next: EditorSetupView) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorData>();
  const setUp = view.change === 'unchanged' || view.written === true;

  const write = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await punie.request('editors.setup', { editor: view.editor }));
    } catch (e) {
      setError(toErrorData(e));
    } finally {
      setBusy(false);
    }
  };

  const id = `editor-${view.editor}`;
  return (
    <div className="editor-card" data-editor={view.editor} aria-labelledby={`${id}-name`}>
      <div className="editor-card-head">
        <TerminalIcon size={14} />
        <span id={`${id}-name`} className="field-label">
          {view.name}
        </span>
        {setUp ? (
          <span className="badge badge-success">
            <CheckIcon size={10} />
            Set up
          </span>
        ) : view.problem ? (
          <span className="badge badge-warning">Needs a fix</span>
        ) : (
          <span className="badge">Not set up</span>
        )}
        <button type="button" className="btn btn-primary btn-sm editor-card-action" onClick={() => void write()} disabled={busy || setUp || Boolean(view.problem)}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {view.change === 'update' ? `Update ${view.name}` : `Set up ${view.name}`}
        </button>
      </div>
      <p className="field-help">
        <span className="mono editor-card-path">{view.path}</span>
        {' — '}
        {describe(view)}
      </p>
      {view.problem ? <p className="field-error">{view.problem}</p> : null}
      {error ? <p className="field-error">{`${error.message}${error.hint ? ` ${error.hint.split('\n')[0]}` : ''}`}</p> : null}
      {view.written ? (
        <p className="field-help" role="status">
          {`Done.${view.backup ? ` The previous file is kept at ${view.backup}.` : ''} ${WHERE_TO_LOOK[view.editor]}`}
        </p>
      ) : null}
      <div className="editor-snippet">
        <pre className="mono" aria-label={`The entry for ${view.name}`}>
          {view.snippet}
        </pre>
        <CopyButton getText={() => view.snippet} label="Copy the entry" />
      </div>
    </div>
  );
}

function describe(view: EditorSetupView): string {
  if (view.written) return 'it now starts Punie.';
  switch (view.change) {
    case 'create':
      return 'not there yet; setting up creates it with the entry below.';
    case 'add':
      return 'setting up adds the entry below to agent_servers; everything else in the file stays.';
    case 'update':
      return 'it names Punie differently; setting up replaces that entry with the one below.';
    case 'unchanged':
      return 'it already starts Punie.';
    default:
      return 'add the entry below by hand once the file is fixed.';
  }
}
