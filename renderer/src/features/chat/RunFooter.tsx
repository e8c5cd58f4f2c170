import { memo } from 'react';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorCard } from './ErrorCard';
import { formatStats } from './formatStats';
import { answerText, type RunView } from './runView';
import { RunUndo } from './RunUndo';

/** Under an answer: the figures, the model, a copy button; or what went wrong. */
export const RunFooter = memo(function RunFooter({ run }: { run: RunView }) {
  if (run.status === 'running') return null;
  const stats = formatStats(run.stats, run.usage);
  const text = answerText(run);
  return (
    <div className="run-footer">
      {run.status === 'error' && run.error ? <ErrorCard error={run.error} provider={run.model.provider} prompt={run.prompt} /> : null}
      <div className="run-meta">
        {run.status === 'aborted' ? <span className="badge">Stopped</span> : null}
        <span className="run-model" title={run.model.spec}>
          {run.model.modelId || (run.model.provider === 'local' ? 'Local model' : run.model.spec)}
        </span>
        {stats.map((s) => (
          <span key={s.key} className={`run-stat run-stat-${s.key}`} title={s.label}>
            {s.value}
          </span>
        ))}
        {text ? <CopyButton getText={() => text} label="Copy answer" /> : null}
        <RunUndo run={run} />
      </div>
    </div>
  );
});
