import type { ToolMeta } from '../../../../shared/agentEvents';
import { AlertIcon } from '../../ui/icons';
import type { ToolCallView } from '../../../../shared/runView';
import { DiffView } from './DiffView';
import { FoldedText } from './FoldedText';
import { mcpOf, prettyArgs } from './toolSummary';
import { formatBytes } from '../../../../shared/text';

/** Everything about one call: full arguments, the diff, the result or error, exit code and output. */
export function ToolDetails({ call }: { call: ToolCallView }) {
  const diff = call.meta?.diff ?? call.permission?.diff;
  const isCommand = call.name === 'run_command';
  const facts = metaFacts(call.meta);
  const mcp = mcpOf(call);
  return (
    <div className="tool-details">
      {mcp ? (
        <p className="tool-permission-note">
          The tool <span className="mono">{mcp.tool}</span> of the MCP server <strong>{mcp.server}</strong>
        </p>
      ) : null}
      {call.status === 'running' && call.progress ? <ToolProgressLine progress={call.progress} /> : null}
      <section className="tool-section">
        <h4 className="tool-section-title">Arguments</h4>
        <FoldedText text={prettyArgs(call)} maxLines={diff ? 8 : 24} className="tool-args" />
      </section>

      {diff ? (
        <section className="tool-section">
          <h4 className="tool-section-title">Changes</h4>
          <DiffView diff={diff} maxHeight={360} />
        </section>
      ) : null}

      {call.permission?.decision ? <p className="tool-permission-note">{permissionNote(call)}</p> : null}

      {call.error && call.status !== 'denied' ? (
        <p className="tool-error" role="note">
          <AlertIcon size={14} />
          <span>{call.error.message}</span>
        </p>
      ) : null}

      {call.meta?.notStopped ? (
        <p className="tool-error tool-not-stopped-note" role="note">
          <AlertIcon size={14} />
          <span>Not stopped: {call.meta.notStopped.note}</span>
        </p>
      ) : null}

      {call.content !== undefined ? (
        <section className="tool-section">
          <h4 className="tool-section-title">
            {isCommand ? 'Output' : call.status === 'failed' || call.status === 'denied' ? 'What the model was told' : 'Result'}
            {isCommand ? <ExitBadge meta={call.meta} /> : null}
            {facts.length ? <span className="tool-facts">{facts.join(' · ')}</span> : null}
          </h4>
          <FoldedText text={call.content} maxLines={isCommand ? 30 : 20} />
        </section>
      ) : null}
    </div>
  );
}

function ToolProgressLine({ progress }: { progress: NonNullable<ToolCallView['progress']> }) {
  const known = progress.total !== undefined && progress.total > 0;
  return (
    <div className="tool-progress" role="status">
      {known ? <progress max={progress.total} value={Math.min(progress.progress, progress.total!)} /> : <progress />}
      <span>
        {known ? `${progress.progress} of ${progress.total}` : `${progress.progress}`}
        {progress.message ? ` · ${progress.message}` : ''}
      </span>
    </div>
  );
}

function ExitBadge({ meta }: { meta: ToolMeta | undefined }) {
  if (!meta) return null;
  if (meta.timedOut) return <span className="badge badge-danger">timed out</span>;
  if (meta.signal) return <span className="badge badge-danger">killed by {meta.signal}</span>;
  if (meta.exitCode === undefined || meta.exitCode === null) return null;
  return <span className={`badge ${meta.exitCode === 0 ? 'badge-success' : 'badge-danger'}`}>exit {meta.exitCode}</span>;
}

function metaFacts(meta: ToolMeta | undefined): string[] {
  if (!meta) return [];
  const facts: string[] = [];
  if (meta.created) facts.push('new file');
  if (meta.lines !== undefined) facts.push(count(meta.lines, 'line'));
  if (meta.bytes !== undefined) facts.push(formatBytes(meta.bytes));
  if (meta.files !== undefined) facts.push(count(meta.files, 'file'));
  if (meta.matches !== undefined) facts.push(count(meta.matches, 'match', 'matches'));
  if (meta.truncated) facts.push('cut to fit');
  return facts;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function permissionNote(call: ToolCallView): string {
  const p = call.permission!;
  if (p.decision === 'deny') return 'You denied this.';
  if (p.automatic) return 'Allowed automatically (a rule or an earlier “allow for this conversation”).';
  return p.decision === 'conversation' ? 'You allowed this for the conversation.' : 'You allowed this once.';
}
