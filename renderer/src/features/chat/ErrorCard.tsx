import type { ModelRef } from '../../../../shared/agentEvents';
import type { ErrorData } from '../../../../shared/errors';
import { performErrorAction } from '../../app/actions';
import { AlertIcon, CloseIcon } from '../../ui/icons';
import { presentError } from './errorPresentation';

/** An error with what to do about it. */
export function ErrorCard({
  error,
  provider,
  prompt,
  onDismiss,
  compact = false,
}: {
  error: ErrorData;
  provider?: ModelRef['provider'];
  prompt?: string;
  onDismiss?: () => void;
  compact?: boolean;
}) {
  const p = presentError(error, { provider });
  // Main's message often restates the title with detail ("No local model server answers at …"): show it once.
  const merged = p.message.toLowerCase().startsWith(p.title.toLowerCase());
  const title = merged ? p.message : p.title;
  return (
    <div className={`error-card error-card-${p.tone}${compact ? ' is-compact' : ''}`} role={p.tone === 'info' ? 'status' : 'alert'} data-code={error.code}>
      <span className="error-card-icon">
        <AlertIcon size={16} />
      </span>
      <div className="error-card-body">
        <p className="error-card-title">{title}</p>
        {p.message && !merged ? <p className="error-card-message">{p.message}</p> : null}
        {p.hint ? <p className="error-card-hint">{p.hint}</p> : null}
        {p.actions.length ? (
          <div className="error-card-actions">
            {p.actions.map((a, i) => (
              <button key={a.kind} type="button" className={`btn btn-sm${i === 0 ? ' btn-primary' : ''}`} onClick={() => performErrorAction(a, { prompt })}>
                {a.label}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {onDismiss ? (
        <button type="button" className="icon-btn icon-btn-sm error-card-close" aria-label="Dismiss" onClick={onDismiss}>
          <CloseIcon size={14} />
        </button>
      ) : null}
    </div>
  );
}
