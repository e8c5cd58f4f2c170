import { useEffect, useState } from 'react';
import { MCP_IMPORT_LABELS, type McpImportSource } from '../../../../../shared/mcp';
import { approveMcpWorkspace, loadMcp, useMcpStore } from '../../../stores/mcpStore';
import { CodeIcon, DownloadIcon, PlusIcon, ShieldIcon } from '../../../ui/icons';
import { McpImportPanel } from './McpImportPanel';
import { McpJsonEditor } from './McpJsonEditor';
import { McpServerForm } from './McpServerForm';
import { McpServerRow } from './McpServerRow';

type Mode = { kind: 'list' } | { kind: 'form'; editing?: string } | { kind: 'json' } | { kind: 'import'; source: McpImportSource };

/**
 * MCP servers in Settings: each server with its state (starting, connected
 * with its tools, failed with the last lines of its stderr, disabled), add,
 * edit, remove, turn off, the file as JSON, and imports from LM Studio and
 * Claude Desktop. Anything that lets a new program run is confirmed by main
 * in a native dialog: this page can only ask.
 */
export function McpSection() {
  const view = useMcpStore((s) => s.view);
  const loadError = useMcpStore((s) => s.loadError);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  useEffect(() => {
    void loadMcp();
  }, []);
  const back = () => setMode({ kind: 'list' });

  if (mode.kind === 'form') return <McpServerForm {...(mode.editing === undefined ? {} : { editing: mode.editing })} onDone={back} />;
  if (mode.kind === 'json') return <McpJsonEditor onDone={back} />;
  if (mode.kind === 'import') return <McpImportPanel source={mode.source} onDone={back} />;

  const userServers = view?.servers.filter((s) => s.source === 'user') ?? [];
  const workspaceServers = view?.servers.filter((s) => s.source === 'workspace') ?? [];
  return (
    <section className="settings-section mcp-section" aria-labelledby="mcp-title">
      <h3 id="mcp-title" className="settings-section-title">
        MCP servers
      </h3>
      <p className="settings-section-lead">
        Tools from Model Context Protocol servers, offered to the model as <code>server__tool</code>. Their tools ask before they run, like file changes do.
      </p>
      <div className="mcp-actions">
        <button type="button" className="btn btn-primary" onClick={() => setMode({ kind: 'form' })}>
          <PlusIcon size={14} /> Add server
        </button>
        {(['lmstudio', 'claude'] as const).map((source) => (
          <button key={source} type="button" className="btn" onClick={() => setMode({ kind: 'import', source })}>
            <DownloadIcon size={14} /> Import from {MCP_IMPORT_LABELS[source]}
          </button>
        ))}
        <button type="button" className="btn btn-ghost" onClick={() => setMode({ kind: 'json' })}>
          <CodeIcon size={14} /> Edit as JSON
        </button>
      </div>
      {loadError ? <p className="settings-notice">{loadError.message}</p> : null}
      {view?.problem ? (
        <p className="settings-notice" role="note">
          Punie’s mcp.json cannot be used, so none of its servers run: {view.problem}{' '}
          <button type="button" className="link-btn" onClick={() => setMode({ kind: 'json' })}>
            Fix it as JSON
          </button>
        </p>
      ) : null}
      {!view ? (
        <p className="settings-loading">Loading…</p>
      ) : userServers.length === 0 ? (
        <p className="mcp-empty">
          No servers yet. Add one, or import the servers you set up in LM Studio or Claude Desktop. They are kept in <code className="mono">{view.configPath}</code>.
        </p>
      ) : (
        <ul className="mcp-servers" aria-label="MCP servers">
          {userServers.map((server) => (
            <McpServerRow key={server.name} server={server} onEdit={() => setMode({ kind: 'form', editing: server.name })} />
          ))}
        </ul>
      )}
      {view?.workspace ? (
        <div className="mcp-workspace" role="group" aria-label="This workspace's servers">
          <div className="mcp-workspace-head">
            <ShieldIcon size={16} />
            <div>
              <div className="rule-label">This workspace’s .mcp.json</div>
              <div className="field-help mono">{view.workspace.file}</div>
            </div>
            {view.workspace.approved ? (
              <button type="button" className="btn btn-sm" onClick={() => void approveMcpWorkspace(false)}>
                Stop running them
              </button>
            ) : view.workspace.servers.length > 0 ? (
              <button type="button" className="btn btn-sm btn-primary" onClick={() => void approveMcpWorkspace(true)}>
                Review and approve…
              </button>
            ) : null}
          </div>
          {view.workspace.problem ? <p className="field-error">{view.workspace.problem}</p> : null}
          {!view.workspace.approved && view.workspace.servers.length > 0 ? (
            <p className="field-help">A cloned repository can name any program here, so these run only once you approve this exact file. If it changes, Punie asks again.</p>
          ) : null}
          {workspaceServers.length > 0 ? (
            <ul className="mcp-servers" aria-label="Workspace MCP servers">
              {workspaceServers.map((server) => (
                <McpServerRow key={server.name} server={server} />
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {view && userServers.length > 0 ? (
        <p className="field-help mcp-config-path">
          Kept in <code className="mono">{view.configPath}</code>, in the shape LM Studio and Claude Desktop use. Edits there are picked up at once.
        </p>
      ) : null}
    </section>
  );
}
