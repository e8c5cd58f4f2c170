import { useEffect } from 'react';
import { stopRun } from '../stores/chatStore';
import { useUiStore } from '../stores/uiStore';

/**
 * Esc stops the running answer, unless something nearer took it first (a
 * popover, the settings dialog, a pending permission card, which denies).
 */
export function useEscapeToStop(runId: string | undefined): void {
  useEffect(() => {
    if (!runId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
      const ui = useUiStore.getState();
      if (ui.settingsOpen || ui.popover) return;
      e.preventDefault();
      void stopRun(runId);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runId]);
}
