import { useEffect, useRef, useState } from 'react';
import { loadMcpJson, saveMcpJson } from '../../../stores/mcpStore';

/** Punie's mcp.json as text, for pasting a snippet from a server's README. Main checks it and asks before new servers run. */
export function McpJsonEditor({ onDone }: { onDone: () => void }) {
  const [file, setFile] = useState<{ path: string; text: string }>();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let live = true;
    void loadMcpJson().then((answer) => {
      if (!live) return;
      if ('code' in answer) setError(answer.message);
      else setFile(answer);
    });
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => area.current?.focus(), [file === undefined]);

  const save = async () => {
    if (!file) return;
    setSaving(true);
    const failure = await saveMcpJson(file.text);
    setSaving(false);
    if (!failure) return onDone();
    if (failure.code !== 'permission-denied') setError(failure.message);
  };

  return (
    <section className="settings-section mcp-json" aria-labelledby="mcp-json-title">
      <h3 id="mcp-json-title" className="settings-section-title">
        mcp.json
      </h3>
      <p className="settings-section-lead mono">{file?.path ?? ' '}</p>
      {file ? (
        <textarea
          ref={area}
          className="input textarea mono mcp-json-text"
          aria-label="mcp.json"
          spellCheck={false}
          value={file.text}
          aria-invalid={Boolean(error)}
          onChange={(e) => {
            setFile({ ...file, text: e.target.value });
            setError(undefined);
          }}
          onKeyDown={(e) => {
            if ((e.metaKey || e.ctrlKey) && e.key === 's') {
              e.preventDefault();
              void save();
            }
          }}
        />
      ) : (
        <p className="settings-loading">{error ?? 'Loading…'}</p>
      )}
      {error && file ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="mcp-form-actions">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" disabled={!file || saving} onClick={() => void save()}>
          {saving ? 'Waiting for your answer…' : 'Save'}
        </button>
      </div>
    </section>
  );
}
