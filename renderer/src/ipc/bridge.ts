import type { PunieBridge } from '../../../shared/ipc/events';

declare global {
  interface Window {
    /** Set by the preload: two functions, nothing else. */
    punie?: PunieBridge;
  }
}

/** The preload's bridge, or undefined when the page runs outside Punie (opened in a plain browser). */
export function findBridge(): PunieBridge | undefined {
  const candidate: unknown = typeof window === 'undefined' ? undefined : window.punie;
  if (!candidate || typeof candidate !== 'object') return undefined;
  const { request, on } = candidate as Record<string, unknown>;
  return typeof request === 'function' && typeof on === 'function' ? (candidate as PunieBridge) : undefined;
}
