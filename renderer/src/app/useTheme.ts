import { useEffect, useState } from 'react';
import { useSettingsStore } from '../stores/settingsStore';

/** Applies the theme setting to <html data-theme>, following the OS while it is "system". */
export function useTheme(): 'light' | 'dark' {
  const theme = useSettingsStore((s) => s.view?.settings.theme ?? 'system');
  const [osDark, setOsDark] = useState(() => matchMedia('(prefers-color-scheme: dark)').matches);

  useEffect(() => {
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setOsDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  const resolved = theme === 'system' ? (osDark ? 'dark' : 'light') : theme;
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
  return resolved;
}
