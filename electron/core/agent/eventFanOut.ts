import type { AgentEvent } from '../../../shared/agentEvents';
import { createLogger } from '../log';

/**
 * Every event of every run, to every subscriber, in order. A listener that
 * throws is logged and skipped: it cannot stop the run or the other
 * listeners. A listener (un)subscribing while an event is delivered does not
 * change who gets that event.
 */
export interface EventFanOut {
  subscribe(listener: (event: AgentEvent) => void): () => void;
  emit(event: AgentEvent): void;
}

const log = createLogger('agent');

export function createEventFanOut(): EventFanOut {
  const listeners = new Set<(event: AgentEvent) => void>();
  // A copy taken at (un)subscribe, not per event.
  let listenerList: ReadonlyArray<(event: AgentEvent) => void> = [];
  return {
    subscribe(listener) {
      listeners.add(listener);
      listenerList = [...listeners];
      return () => {
        listeners.delete(listener);
        listenerList = [...listeners];
      };
    },
    emit(event) {
      for (const listener of listenerList) {
        try {
          listener(event);
        } catch (e) {
          log.error('an agent event listener threw', { type: event.type, error: e instanceof Error ? e.message : String(e) });
        }
      }
    },
  };
}
