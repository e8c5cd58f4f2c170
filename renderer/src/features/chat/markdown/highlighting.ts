import type { sharedHighlight } from './highlighter';

/**
 * Whether the highlighter (highlighter.ts, its own chunk) has loaded, and the
 * one load of it. Until it has, code shows plain; views waiting on it render
 * again once it is there.
 */

type Highlight = typeof sharedHighlight;

let loaded: Highlight | undefined;
let loading: Promise<Highlight> | undefined;
const waiting = new Set<() => void>();

/** The highlighter plugin, once loaded. */
export function highlightPlugin(): Highlight | undefined {
  return loaded;
}

/** Loads the highlighter (once); resolves when it is ready. */
export function loadHighlighter(): Promise<Highlight> {
  loading ??= import('./highlighter').then(
    (m) => {
      loaded = m.sharedHighlight;
      for (const listener of [...waiting]) listener();
      waiting.clear();
      return m.sharedHighlight;
    },
    (e: unknown) => {
      // A failed load is tried again by the next block that needs it; code stays plain meanwhile.
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/** Runs `listener` once, when the highlighter has loaded (never if it already has). Returns the cancel. */
export function whenHighlighterLoads(listener: () => void): () => void {
  if (loaded) return () => {};
  waiting.add(listener);
  return () => void waiting.delete(listener);
}
