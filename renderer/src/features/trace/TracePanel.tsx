import type { RunView } from '../../../../shared/runView';
import { toggleTrace } from '../../stores/uiStore';
import { CloseIcon } from '../../ui/icons';
import { ToolCard } from './ToolCard';
import { formatDuration } from './toolSummary';

/** Every tool call of the conversation, in order, grouped by prompt, with the same detail as the cards. */
export function TracePanel({ runs }: { runs: readonly RunView[] }) {
  const withCalls = runs.filter((r) => r.toolOrder.length > 0);
  const calls = withCalls.flatMap((r) => r.toolOrder.map((id) => r.tools[id]!));
  const failed = calls.filter((c) => c.status === 'failed').length;
  const denied = calls.filter((c) => c.status === 'denied').length;
  const totalMs = calls.reduce((sum, c) => sum + (c.durationMs ?? 0), 0);
  let n = 0;
  return (
    <aside className="trace-panel" aria-label="Trace">
      <header className="trace-head">
        <div>
          <h2 className="trace-title">Trace</h2>
          <p className="trace-sub">
            {calls.length} {calls.length === 1 ? 'call' : 'calls'}
            {failed ? ` · ${failed} failed` : ''}
            {denied ? ` · ${denied} denied` : ''}
            {totalMs ? ` · ${formatDuration(totalMs)} in tools` : ''}
          </p>
        </div>
        <button type="button" className="icon-btn" aria-label="Close trace" onClick={() => toggleTrace(false)}>
          <CloseIcon size={16} />
        </button>
      </header>
      <div className="trace-body">
        {withCalls.length === 0 ? (
          <p className="trace-empty">Every file read, search, edit and command the agent makes in this conversation shows up here, in order.</p>
        ) : (
          withCalls.map((run) => (
            <section key={run.runId} className="trace-run">
              <h3 className="trace-run-prompt" title={run.prompt}>
                {run.prompt || 'Earlier'}
              </h3>
              <ol className="trace-list">
                {run.toolOrder.map((id) => {
                  n += 1;
                  return (
                    <li key={id} className="trace-item">
                      <span className="trace-index">{n}</span>
                      <ToolCard call={run.tools[id]!} scope="trace" />
                    </li>
                  );
                })}
              </ol>
            </section>
          ))
        )}
      </div>
    </aside>
  );
}
