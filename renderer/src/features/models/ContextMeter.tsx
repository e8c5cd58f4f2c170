import { contextSourceLabel } from '../../../../shared/contextSource';
import { findOption, useModelsStore } from '../../stores/modelsStore';
import type { RunView } from '../chat/runView';
import { contextMeter, tokensShort } from './contextMeter';
import { contextLabel } from './modelList';

/**
 * How much of the model's context the open conversation takes: a small bar
 * with the count, and a mark where older messages start to be left out.
 * Hidden when the model's context is unknown.
 */
export function ContextMeter({ runs, contextStart }: { runs: readonly RunView[]; contextStart?: string }) {
  const option = useModelsStore((s) => findOption(s.options, s.selected));
  const view = contextMeter({
    runs,
    contextLength: option?.contextLength,
    ...(option?.contextSource ? { source: option.contextSource } : {}),
    ...(contextStart ? { contextStart } : {}),
  });
  if (!view) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const title = [
    `${view.counted ? '' : 'About '}${n(view.used)} of ${n(view.total)} tokens of context used${view.counted ? ' (as the server counted the last request)' : ' (estimated)'}.`,
    view.source ? `Context: ${contextSourceLabel(view.source, option?.groupLabel)}.` : '',
    `Past the mark (${n(view.trimAt)} tokens) older messages are left out.`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <span className={`context-meter is-${view.level}`} title={title} data-testid="context-meter">
      <span
        className="context-meter-bar"
        role="meter"
        aria-label="Context used"
        aria-valuemin={0}
        aria-valuemax={view.total}
        aria-valuenow={Math.min(view.used, view.total)}
        aria-valuetext={`${n(view.used)} of ${n(view.total)} tokens`}
      >
        <span className="context-meter-fill" style={{ width: `${(view.fraction * 100).toFixed(1)}%` }} />
        <span className="context-meter-mark" style={{ left: `${(view.trimFraction * 100).toFixed(1)}%` }} data-testid="context-meter-mark" />
      </span>
      <span className="context-meter-text">
        {view.counted || view.used === 0 ? '' : '~'}
        {tokensShort(view.used)} / {contextLabel(view.total)}
      </span>
    </span>
  );
}
