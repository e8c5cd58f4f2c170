import { create } from 'zustand';

/**
 * Which cards and sections the user expanded or collapsed, by key. Kept
 * outside the components so a row of the virtual list remembers its state
 * when it scrolls back into view.
 */
interface DisclosureState {
  chosen: Record<string, boolean>;
}

const MAX_KEYS = 2_000;

export const useDisclosureStore = create<DisclosureState>()(() => ({ chosen: {} }));

/** Open or closed as the user left it, else `defaultOpen`; and a toggle. */
export function useDisclosure(key: string, defaultOpen = false): [boolean, () => void] {
  const chosen = useDisclosureStore((s) => s.chosen[key]);
  const open = chosen ?? defaultOpen;
  return [open, () => setDisclosure(key, !open)];
}

export function setDisclosure(key: string, open: boolean): void {
  useDisclosureStore.setState((s) => {
    const next = { ...s.chosen };
    delete next[key];
    next[key] = open;
    const keys = Object.keys(next);
    if (keys.length > MAX_KEYS) for (const k of keys.slice(0, keys.length - MAX_KEYS)) delete next[k];
    return { chosen: next };
  });
}
