import { useEffect } from 'react';
import { dismissToast, useUiStore, type Toast } from '../stores/uiStore';
import { AlertIcon, CloseIcon } from '../ui/icons';

const INFO_MS = 6_000;

/** Notices from main and the UI, bottom right; information fades, warnings and errors stay until dismissed. */
export function Toasts() {
  const toasts = useUiStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const duration = toast.durationMs ?? INFO_MS;
  useEffect(() => {
    if (toast.level !== 'info') return;
    const timer = setTimeout(() => dismissToast(toast.id), duration);
    return () => clearTimeout(timer);
  }, [toast.id, toast.level, duration]);
  return (
    <div className={`toast toast-${toast.level}`} role={toast.level === 'error' ? 'alert' : 'status'}>
      {toast.level !== 'info' ? <AlertIcon size={16} className="toast-icon" /> : null}
      <div className="toast-body">
        <p className="toast-message">{toast.message}</p>
        {toast.hint ? <p className="toast-hint">{toast.hint}</p> : null}
        {toast.path && !toast.message.includes(toast.path) ? <p className="toast-path mono">{toast.path}</p> : null}
      </div>
      {toast.action ? (
        <button
          type="button"
          className="btn btn-sm toast-action"
          onClick={() => {
            dismissToast(toast.id);
            toast.action?.run();
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button type="button" className="icon-btn icon-btn-sm" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
        <CloseIcon size={14} />
      </button>
    </div>
  );
}
