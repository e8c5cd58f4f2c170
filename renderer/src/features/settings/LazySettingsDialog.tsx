import { lazy, Suspense, useState } from 'react';
import { useUiStore } from '../../stores/uiStore';

const SettingsDialog = lazy(async () => ({ default: (await import('./SettingsDialog')).SettingsDialog }));

/**
 * The settings dialog, loaded the first time it opens (a first paint never
 * needs it) and kept mounted from then on.
 */
export function LazySettingsDialog() {
  const open = useUiStore((s) => s.settingsOpen);
  const [wanted, setWanted] = useState(open);
  if (open && !wanted) setWanted(true);
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <SettingsDialog />
    </Suspense>
  );
}
