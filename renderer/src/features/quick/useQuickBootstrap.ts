import { useEffect } from 'react';
import { connectEvents, loadInitialState } from '../../app/connect';
import { focusComposer } from '../../stores/uiStore';

/** The quick-ask window's start: events wired, state loaded, the input focused whenever the window shows. */
export function useQuickBootstrap(): void {
  useEffect(() => {
    const disconnect = connectEvents();
    void loadInitialState();
    const onShow = () => {
      if (document.visibilityState === 'visible') focusComposer();
    };
    document.addEventListener('visibilitychange', onShow);
    window.addEventListener('focus', onShow);
    return () => {
      disconnect();
      document.removeEventListener('visibilitychange', onShow);
      window.removeEventListener('focus', onShow);
    };
  }, []);
}
