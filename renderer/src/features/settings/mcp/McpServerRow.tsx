import { useState } from 'react';
import { mcpRuleAllows, type McpServerStatus } from '../../../../../shared/mcp';
import { removeMcpServer, restartMcpServer, setMcpRule, setMcpServerDisabled } from '../../../stores/mcpStore';
import { useSettingsStore } from '../../../stores/settingsStore';
import { ChevronRightIcon, PencilIcon, RefreshIcon, TrashIcon } from '../../../ui/icons';

const STATE_LABELS: Record<McpServerStatus['state'], string> = {
  connected: 'Connected',
  starting: 'Starting…',
  restarting: 'Restarting…',
  failed: 'Failed',
  disabled: 'Off',
  'needs-approval': 'Needs approval',
  stopped: 'Stopped',
};

const TRANSPORT_LABELS: Record<McpServerStatus['transport'], string> = { stdio: 'program', http: 'HTTP', sse: 'HTTP+SSE' };

/** One server: its state at a glance, its actions, and (opened) its tools or why it failed. */
export function McpServerRow({ server, onEdit }: { server: McpServerStatus; onEdit?: () => void }) {
  // A failed server shows why until the user closes it, also when it fails after
  // the row appeared (it mounts while the server is still starting).
  const [chosen, setOpen] = useState<boolean | undefined>(undefined);
  const open = chosen ?? server.state === 'failed';
  const rules = useSettingsStore((s) => s.view?.settings.mcpRules) ?? [];
  const wholeServer = rules.some((r) => r.server === server.name && r.tool === undefined);
  const id = `mcp-server-${server.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const dot = server.state === 'connected' ? 'dot-ready' : server.state === 'failed' ? 'dot-offline' : server.state === 'starting' || server.state === 'restarting' || server.state === 'needs-approval' ? 'dot-warning' : '';
  const summary = server.state === 'connected' ? `${server.tools.length} tool${server.tools.length === 1 ? '' : 's'}` : undefined;
  return (
    <li className={`mcp-server mcp-server-${server.state}`} data-server={server.name} data-state={server.state}>
      <div className="mcp-server-head">
        <button type="button" className="mcp-server-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
          <ChevronRightIcon size={14} className="tool-chevron" />
          <span className={`dot ${dot}`} aria-hidden="true" />
          <span className="mcp-server-name">{server.name}</span>
          <span className={`badge${server.state === 'failed' ? ' badge-danger' : server.state === 'connected' ? ' badge-success' : ''}`}>{STATE_LABELS[server.state]}</span>
          {summary ? <span className="mcp-server-count">{summary}</span> : null}
          <span className="mcp-server-target mono" title={server.target}>
            {TRANSPORT_LABELS[server.transport]} · {server.target}
          </span>
        </button>
        {server.state === 'failed' || server.state === 'stopped' ? (
          <button type="button" className="icon-btn icon-btn-sm" aria-label={`Restart ${server.name}`} title="Try again" onClick={() => void restartMcpServer(server.name)}>
            <RefreshIcon size={14} />
          </button>
        ) : null}
        {server.source === 'user' ? (
          <>
            <label className="mcp-switch" title={server.state === 'disabled' ? 'Turn on' : 'Turn off'}>
              <input type="checkbox" role="switch" checked={server.state !== 'disabled'} aria-label={`${server.name} on`} onChange={(e) => void setMcpServerDisabled(server.name, !e.target.checked)} />
            </label>
            <button type="button" className="icon-btn icon-btn-sm" aria-label={`Edit ${server.name}`} onClick={onEdit}>
              <PencilIcon size={14} />
            </button>
            <button type="button" className="icon-btn icon-btn-sm" aria-label={`Remove ${server.name}`} onClick={() => void removeMcpServer(server.name)}>
              <TrashIcon size={14} />
            </button>
          </>
        ) : null}
      </div>
      {open ? (
        <div className="mcp-server-body" id={id}>
          {server.error && server.state !== 'connected' ? (
            <p className="mcp-server-error" role="note">
              {server.error}
            </p>
          ) : null}
          {server.stderr.length > 0 && server.state !== 'connected' ? (
            <>
              <div className="tool-section-title">Its last lines on stderr</div>
              <pre className="output mcp-stderr">{server.stderr.join('\n')}</pre>
            </>
          ) : null}
          {server.state === 'connected' ? (
            <>
              <label className="checkbox mcp-allow-all">
                <input type="checkbox" checked={wholeServer} onChange={(e) => void setMcpRule(server.name, undefined, e.target.checked)} />
                Run all of its tools without asking
              </label>
              <ul className="mcp-tools" aria-label={`Tools of ${server.name}`}>
                {server.tools.map((tool) => (
                  <li key={tool.name} className="mcp-tool">
                    <div className="mcp-tool-text">
                      <span className="mono mcp-tool-name">{tool.name}</span>
                      {tool.readOnly ? <span className="badge">reads only</span> : null}
                      {tool.description ? <div className="field-help">{tool.description}</div> : null}
                    </div>
                    <label className="checkbox" title="Run without asking">
                      <input
                        type="checkbox"
                        aria-label={`Run ${tool.name} without asking`}
                        checked={mcpRuleAllows(rules, server.name, tool.tool)}
                        disabled={wholeServer}
                        onChange={(e) => void setMcpRule(server.name, tool.tool, e.target.checked)}
                      />
                      No asking
                    </label>
                  </li>
                ))}
              </ul>
              {server.serverInfo ? (
                <p className="field-help">
                  {server.serverInfo.name} {server.serverInfo.version} · calls time out after {Math.round(server.timeoutMs / 1000)} s
                </p>
              ) : null}
            </>
          ) : null}
          {server.state === 'needs-approval' ? <p className="field-help">Not started until you approve this workspace’s .mcp.json.</p> : null}
          {server.state === 'disabled' ? <p className="field-help">Turned off: Punie does not start it.</p> : null}
        </div>
      ) : null}
    </li>
  );
}
