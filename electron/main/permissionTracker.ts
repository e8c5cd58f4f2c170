import { isTerminalEvent, type AgentEvent } from '../../shared/agentEvents';
import type { WindowKind } from './services';

/**
 * Which permission requests are waiting for an answer, and in which window
 * (the one that started the run). The quick-ask shortcut uses it so it never
 * takes focus from a pending permission card, and the notifier uses it to
 * know which window must be focused for the user to see the card.
 */

export interface PendingPermission {
  runId: string;
  requestId: string;
  summary: string;
  window: WindowKind;
}

export interface PermissionTracker {
  /** Remembers which window started a run (runs not noted count as the main window's). */
  noteOrigin(runId: string, window: WindowKind): void;
  originOf(runId: string): WindowKind;
  observe(event: AgentEvent): void;
  pending(window?: WindowKind): PendingPermission[];
}

/** Bound on remembered runs, so a long session cannot grow it without limit. */
const MAX_RUNS = 500;

export function createPermissionTracker(): PermissionTracker {
  const origins = new Map<string, WindowKind>();
  const pending = new Map<string, { runId: string; requestId: string; summary: string }>();

  const remember = (runId: string, window: WindowKind) => {
    origins.delete(runId);
    origins.set(runId, window);
    while (origins.size > MAX_RUNS) {
      const oldest = origins.keys().next().value;
      if (oldest === undefined) break;
      origins.delete(oldest);
    }
  };
  const originOf = (runId: string): WindowKind => origins.get(runId) ?? 'main';

  return {
    noteOrigin: remember,
    originOf,
    observe(event) {
      if (event.type === 'permission-request') {
        pending.set(`${event.runId}\u0000${event.requestId}`, { runId: event.runId, requestId: event.requestId, summary: event.summary });
      } else if (event.type === 'permission-resolved') {
        pending.delete(`${event.runId}\u0000${event.requestId}`);
      } else if (isTerminalEvent(event)) {
        for (const [key, p] of pending) if (p.runId === event.runId) pending.delete(key);
        origins.delete(event.runId);
      }
    },
    pending(window) {
      const all = [...pending.values()].map((p) => ({ ...p, window: originOf(p.runId) }));
      return window === undefined ? all : all.filter((p) => p.window === window);
    },
  };
}
