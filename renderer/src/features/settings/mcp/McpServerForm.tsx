import { useEffect, useRef, useState, type FormEvent } from 'react';
import { loadMcpJson, saveMcpServer } from '../../../stores/mcpStore';
import { emptyForm, formFromEntry, inputFromForm, type FormField, type ServerForm } from './mcpForm';

/** Add a server, or edit one (its entry read fresh from the file). Saving a program to run is confirmed by main natively. */
export function McpServerForm({ editing, onDone }: { editing?: string; onDone: () => void }) {
  const [form, setForm] = useState<ServerForm | undefined>(editing === undefined ? emptyForm() : undefined);
  const [error, setError] = useState<{ field?: FormField; message: string }>();
  const [saving, setSaving] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (editing === undefined) return;
    let live = true;
    void loadMcpJson().then((answer) => {
      if (!live) return;
      if ('code' in answer) return setError({ message: answer.message });
      try {
        const entry = (JSON.parse(answer.text) as { mcpServers?: Record<string, Record<string, unknown>> }).mcpServers?.[editing];
        setForm(entry ? formFromEntry(editing, entry) : { ...emptyForm(), name: editing });
      } catch {
        setError({ message: 'mcp.json is not valid JSON: fix it in the JSON view first.' });
      }
    });
    return () => {
      live = false;
    };
  }, [editing]);
  useEffect(() => first.current?.focus(), [form === undefined]);

  if (!form) return <p className="settings-loading">{error?.message ?? 'Loading…'}</p>;
  const set = (patch: Partial<ServerForm>) => {
    setForm({ ...form, ...patch });
    setError(undefined);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = inputFromForm(form);
    if (!result.ok) return setError({ field: result.field, message: result.message });
    setSaving(true);
    const failure = await saveMcpServer(result.name, result.server, editing);
    setSaving(false);
    if (!failure) return onDone();
    if (failure.code !== 'permission-denied') setError({ message: failure.message });
  };
  const invalid = (field: FormField) => (error?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'mcp-form-error' } : {});

  return (
    <form className="settings-section mcp-form" aria-labelledby="mcp-form-title" onSubmit={submit}>
      <h3 id="mcp-form-title" className="settings-section-title">
        {editing === undefined ? 'Add an MCP server' : `Edit ${editing}`}
      </h3>
      <div className="settings-field">
        <label className="field-label" htmlFor="mcp-name">
          Name
        </label>
        <input id="mcp-name" ref={first} className="input" value={form.name} placeholder="github" onChange={(e) => set({ name: e.target.value })} {...invalid('name')} />
        <p className="field-help">Its tools are offered as name__tool.</p>
      </div>
      <div className="settings-field">
        <span className="field-label" id="mcp-transport-label">
          How Punie reaches it
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby="mcp-transport-label">
          {(
            [
              ['stdio', 'Runs a program'],
              ['http', 'URL (Streamable HTTP)'],
              ['sse', 'URL (older HTTP+SSE)'],
            ] as const
          ).map(([value, label]) => (
            <button key={value} type="button" role="radio" aria-checked={form.transport === value} className={`segment${form.transport === value ? ' is-active' : ''}`} onClick={() => set({ transport: value })}>
              {label}
            </button>
          ))}
        </div>
      </div>
      {form.transport === 'stdio' ? (
        <>
          <div className="settings-field">
            <label className="field-label" htmlFor="mcp-command">
              Program
            </label>
            <input id="mcp-command" className="input mono" value={form.command} placeholder="npx" onChange={(e) => set({ command: e.target.value })} {...invalid('command')} />
            <p className="field-help">Run directly, never through a shell, in its own process group.</p>
          </div>
          <div className="settings-field">
            <label className="field-label" htmlFor="mcp-args">
              Arguments, one per line
            </label>
            <textarea id="mcp-args" className="input textarea mono" rows={3} value={form.args} placeholder={'-y\n@modelcontextprotocol/server-filesystem\n/Users/me/notes'} onChange={(e) => set({ args: e.target.value })} {...invalid('args')} />
          </div>
          <div className="settings-field">
            <label className="field-label" htmlFor="mcp-env">
              Environment, NAME=value per line
            </label>
            <textarea id="mcp-env" className="input textarea mono" rows={2} value={form.env} placeholder="GITHUB_TOKEN=…" onChange={(e) => set({ env: e.target.value })} {...invalid('env')} />
            <p className="field-help">The server gets these, PATH and HOME, and nothing else of Punie’s environment (never its API keys).</p>
          </div>
          <div className="settings-field">
            <label className="field-label" htmlFor="mcp-cwd">
              Folder to run in (optional)
            </label>
            <input id="mcp-cwd" className="input mono" value={form.cwd} placeholder="your home folder" onChange={(e) => set({ cwd: e.target.value })} />
          </div>
        </>
      ) : (
        <>
          <div className="settings-field">
            <label className="field-label" htmlFor="mcp-url">
              URL
            </label>
            <input id="mcp-url" className="input mono" value={form.url} placeholder="https://example.com/mcp" onChange={(e) => set({ url: e.target.value })} {...invalid('url')} />
          </div>
          <div className="settings-field">
            <label className="field-label" htmlFor="mcp-headers">
              Headers, Name: value per line
            </label>
            <textarea id="mcp-headers" className="input textarea mono" rows={2} value={form.headers} placeholder="Authorization: Bearer …" onChange={(e) => set({ headers: e.target.value })} {...invalid('headers')} />
          </div>
        </>
      )}
      <div className="settings-field">
        <label className="field-label" htmlFor="mcp-timeout">
          Call timeout, seconds (optional)
        </label>
        <input id="mcp-timeout" className="input input-narrow" inputMode="numeric" value={form.timeoutSeconds} placeholder="120" onChange={(e) => set({ timeoutSeconds: e.target.value })} {...invalid('timeoutSeconds')} />
      </div>
      {error ? (
        <p className="field-error" id="mcp-form-error" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="mcp-form-actions">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Waiting for your answer…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
