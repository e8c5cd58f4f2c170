/** The few platform facts the UI needs: which modifier key the shortcuts use. */
export function isMac(): boolean {
  if (typeof navigator === 'undefined') return false;
  const data = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  const platform = data?.platform ?? navigator.platform ?? '';
  return /mac/i.test(platform);
}

/** How the primary modifier is written in a shortcut hint: ⌘ on macOS, Ctrl elsewhere. */
export function modLabel(): string {
  return isMac() ? '⌘' : 'Ctrl';
}

/** The primary modifier is down: ⌘ on macOS, Ctrl elsewhere. */
export function hasMod(e: { metaKey: boolean; ctrlKey: boolean }): boolean {
  return isMac() ? e.metaKey : e.ctrlKey;
}
