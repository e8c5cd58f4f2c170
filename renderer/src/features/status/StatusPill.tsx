import { useRef } from 'react';
import { useServersStore } from '../../stores/serversStore';
import { setPopover, useUiStore } from '../../stores/uiStore';
import { ChevronDownIcon } from '../../ui/icons';
import { useDismiss } from '../../ui/useDismiss';
import { EndpointPanel } from './EndpointPanel';
import { summarizeStatus } from './statusSummary';

/** The overall state of local servers; opens the endpoint panel. */
export function StatusPill() {
  const status = useServersStore((s) => s.status);
  const open = useUiStore((s) => s.popover === 'endpoints');
  const wrap = useRef<HTMLDivElement>(null);
  useDismiss(wrap, open, () => setPopover(null));
  const summary = summarizeStatus(status);
  const dot = summary.tone === 'ready' ? 'dot-ready' : summary.tone === 'warning' ? 'dot-warning' : summary.tone === 'offline' ? 'dot-offline' : '';
  return (
    <div className="status-wrap" ref={wrap}>
      <button
        type="button"
        className={`status-pill status-${summary.tone}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setPopover(open ? null : 'endpoints')}
        data-testid="status-pill"
        data-state={status?.overall ?? 'unknown'}
      >
        <span className={`dot ${dot}`} aria-hidden="true" />
        <span className="status-label">{summary.label}</span>
        {summary.detail ? <span className="status-detail">{summary.detail}</span> : null}
        <ChevronDownIcon size={12} />
      </button>
      {open ? <EndpointPanel /> : null}
    </div>
  );
}
