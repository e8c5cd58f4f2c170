import { useElapsed } from '../../lib/useElapsed';
import { CheckIcon, CloseIcon } from '../../ui/icons';
import type { ToolCallView } from '../../../../shared/runView';
import { formatDuration, statusLabel } from './toolSummary';

/** The status of a call, with a live timer while it runs and its duration once done. */
export function ToolStatusBadge({ call }: { call: ToolCallView }) {
  const elapsed = useElapsed(call.status === 'running' ? call.runningSince : undefined);
  const label = statusLabel(call.status);
  const time = call.durationMs !== undefined ? formatDuration(call.durationMs) : elapsed !== undefined ? formatDuration(elapsed) : '';
  // A command that ran but exited non-zero (or timed out): done, yet worth a look.
  const exit = call.name === 'run_command' && call.status === 'done' ? call.meta : undefined;
  if (exit && (exit.timedOut || (exit.exitCode !== undefined && exit.exitCode !== null && exit.exitCode !== 0) || exit.signal)) {
    const what = exit.timedOut ? 'timed out' : exit.signal ? exit.signal : `exit ${exit.exitCode}`;
    return (
      <span className="badge badge-danger" title={`The command ran and ended with ${what}.`}>
        {what}
        {time ? ` · ${time}` : ''}
      </span>
    );
  }
  switch (call.status) {
    case 'done':
      return (
        <span className="tool-status tool-status-done" title={label}>
          <CheckIcon size={12} />
          {time ? <span className="tool-time">{time}</span> : <span>{label}</span>}
        </span>
      );
    case 'failed':
      return (
        <span className="badge badge-danger" title={call.error?.message ?? label}>
          <CloseIcon size={10} />
          {label}
          {time ? ` · ${time}` : ''}
        </span>
      );
    case 'denied':
      return <span className="badge badge-danger">{label}</span>;
    case 'waiting-permission':
      return <span className="badge badge-warning tool-status-waiting">{label}</span>;
    case 'running':
    case 'streaming':
      return (
        <span className="tool-status tool-status-running">
          <span className="spinner" aria-hidden="true" />
          {label}
          {time ? <span className="tool-time">{time}</span> : null}
        </span>
      );
    case 'queued':
    case 'stopped':
      return <span className="badge">{label}</span>;
  }
}
