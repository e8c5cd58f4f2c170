import { useEffect, useRef, useState } from 'react';
import type { PermissionDecision } from '../../../../shared/agentEvents';
import { answerPermission } from '../../stores/chatStore';
import { ShieldIcon } from '../../ui/icons';
import { isMac, modLabel } from '../../ui/platform';
import { DiffView } from '../trace/DiffView';
import { diffShowsWholeChange } from '../trace/diffLines';
import { ToolIcon } from '../trace/ToolIcon';
import { mcpOf, prettyArgs, toolLabel } from '../trace/toolSummary';
import { permissionShortcut } from './composerKeys';
import type { RunView, ToolCallView } from './runView';

/**
 * A pending permission request, pinned above the composer: it cannot be
 * collapsed or scrolled away. Shows the full arguments and the diff, and
 * answers with buttons or shortcuts that work wherever the focus is.
 */
export function PermissionCard({ run, call }: { run: RunView; call: ToolCallView }) {
  const permission = call.permission!;
  const [answering, setAnswering] = useState<PermissionDecision | undefined>();
  const [stale, setStale] = useState(false);
  const busy = useRef(false);

  const answer = async (decision: PermissionDecision) => {
    if (busy.current) return;
    busy.current = true;
    setAnswering(decision);
    const accepted = await answerPermission(run.runId, permission.requestId, decision);
    busy.current = false;
    if (!accepted) {
      setAnswering(undefined);
      setStale(true);
    }
  };

  const answerRef = useRef(answer);
  answerRef.current = answer;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const decision = permissionShortcut(e, isMac());
      if (!decision) return;
      e.preventDefault();
      e.stopPropagation();
      void answerRef.current(decision);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const mod = modLabel();
  const mcp = permission.mcp ? mcpOf(call) : undefined;
  const argsText = prettyArgs({ args: permission.args, argsText: call.argsText });
  // A diff cut at its cap (or none at all) must never hide the rest: the full content opens instead.
  const diffPartial = permission.diff !== undefined && !diffShowsWholeChange(permission.diff);
  const fullContent = typeof permission.args.content === 'string' ? permission.args.content : undefined;
  return (
    <section className="permission-card" role="region" aria-label="Permission request" data-request-id={permission.requestId}>
      <header className="permission-head">
        <span className="permission-icon">
          <ShieldIcon size={18} />
        </span>
        <div className="permission-title-wrap">
          <p className="permission-kicker">{mcp ? `Punie is asking before it uses a tool of the MCP server "${mcp.server}"` : 'Punie is asking before it changes anything'}</p>
          <h3 className="permission-title" aria-live="assertive">
            {permission.summary}
          </h3>
        </div>
        <span className="badge permission-tool">
          <ToolIcon name={call.name} size={12} />
          {mcp ? `${mcp.server} · ${mcp.tool}` : toolLabel(call.name)}
          {permission.program ? ` · ${permission.program}` : ''}
        </span>
      </header>
      <div className="permission-body">
        {mcp ? (
          <p className="permission-mcp-note">
            {permission.mcp?.readOnly
              ? 'The server says this tool only reads. That is its claim: Punie cannot check it.'
              : 'The server runs this tool itself, with whatever access it has. Punie cannot see or undo what it does.'}
          </p>
        ) : null}
        {permission.notUndoable ? <p className="permission-diff-partial permission-not-undoable">{permission.notUndoable}</p> : null}
        {permission.diff ? <DiffView diff={permission.diff} maxHeight={diffPartial ? 240 : undefined} /> : null}
        {diffPartial ? <p className="permission-diff-partial">The diff does not show the whole change. Read the full content below before you allow it.</p> : null}
        {diffPartial && fullContent !== undefined ? (
          <section className="permission-content" aria-label="Full new content">
            <h4 className="permission-content-title">Full new content</h4>
            <pre className="output">{fullContent}</pre>
          </section>
        ) : null}
        <details className="permission-args" open={!permission.diff || (diffPartial && fullContent === undefined)}>
          <summary>Full arguments</summary>
          <pre className="output">{argsText}</pre>
        </details>
      </div>
      {stale ? <p className="permission-stale">This request is no longer waiting for an answer.</p> : null}
      <footer className="permission-actions">
        <button type="button" className="btn btn-danger" disabled={Boolean(answering)} onClick={() => void answer('deny')} title="Deny (Esc)">
          Deny <kbd>Esc</kbd>
        </button>
        <span className="permission-spacer" />
        <button type="button" className="btn" disabled={Boolean(answering)} onClick={() => void answer('conversation')} title={`${conversationScope(call, permission.program)} (${mod}+Shift+Enter)`}>
          Allow for this conversation <kbd>{mod}+Shift+Enter</kbd>
        </button>
        <button type="button" className="btn btn-primary" disabled={Boolean(answering)} onClick={() => void answer('once')} title={`Allow once (${mod}+Enter)`}>
          Allow once <kbd>{mod}+Enter</kbd>
        </button>
      </footer>
    </section>
  );
}

function conversationScope(call: ToolCallView, program: string | undefined): string {
  if (call.name === 'run_command' && program) return `Runs of ${program} will not ask again in this conversation.`;
  const mcp = call.permission?.mcp;
  if (mcp) return `${mcp.tool} of ${mcp.server} will not ask again in this conversation.`;
  return `${toolLabel(call.name)} will not ask again in this conversation.`;
}
