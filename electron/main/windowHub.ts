import type { AgentEvent } from '../../shared/agentEvents';
import type { EventChannel, EventPayload } from '../../shared/ipc/events';
import { createLogger, type Logger } from '../core/log';
import { createEventSink, type EventSink, type EventSinkOptions } from './eventSink';
import type { WindowKind } from './services';

/**
 * The windows main pushes events to. Each attached window has its own agent
 * event sink (so one slow or closed window never holds up another); other
 * channels go out as they come. Detaching a window disposes its sink.
 */

/** A window as the hub sees it: a kind and a way to send it one event. */
export interface WindowTarget {
  kind: WindowKind;
  /** Sends one message on an event channel. Throws when the window is gone. */
  send(channel: EventChannel, payload: unknown): void;
}

export interface WindowHub {
  /** Starts sending to a window; the returned function stops it (call it when the window closes). */
  attach(target: WindowTarget): () => void;
  /** Every agent event goes to every window's sink (each view picks the runs it shows). */
  pushAgentEvent(event: AgentEvent): void;
  broadcast<C extends EventChannel>(channel: C, payload: EventPayload<C>): void;
  send<C extends EventChannel>(kind: WindowKind, channel: C, payload: EventPayload<C>): void;
  /**
   * Sends the agent events buffered for windows of this kind now. Called just
   * before a window is answered a snapshot of runs in flight (`agent.active`),
   * so what it was sent and what the snapshot holds are the same events.
   */
  flush(kind: WindowKind): void;
  /** How many windows are attached (for tests and diagnostics). */
  size(): number;
  dispose(): void;
}

export interface WindowHubOptions {
  sink?: Omit<EventSinkOptions, 'send' | 'onSendError'>;
  log?: Logger;
}

export function createWindowHub(options: WindowHubOptions = {}): WindowHub {
  const log = options.log ?? createLogger('main:windows');
  const attached = new Map<WindowTarget, EventSink>();

  const detach = (target: WindowTarget) => {
    attached.get(target)?.dispose();
    attached.delete(target);
  };

  const deliver = (target: WindowTarget, channel: EventChannel, payload: unknown) => {
    try {
      target.send(channel, payload);
    } catch (error) {
      log.warn('a window could not be reached; detaching it', { channel, error: String(error) });
      detach(target);
    }
  };

  return {
    attach(target) {
      if (attached.has(target)) return () => detach(target);
      const sink = createEventSink({
        ...options.sink,
        send: (events) => target.send('agent.events', events),
        onSendError: (error) => {
          log.warn('a window could not be reached; detaching it', { channel: 'agent.events', error: String(error) });
          attached.delete(target);
        },
      });
      attached.set(target, sink);
      return () => detach(target);
    },
    pushAgentEvent(event) {
      for (const sink of [...attached.values()]) sink.push(event);
    },
    broadcast(channel, payload) {
      for (const target of [...attached.keys()]) deliver(target, channel, payload);
    },
    send(kind, channel, payload) {
      for (const target of [...attached.keys()]) if (target.kind === kind) deliver(target, channel, payload);
    },
    flush(kind) {
      for (const [target, sink] of [...attached]) if (target.kind === kind) sink.flush();
    },
    size: () => attached.size,
    dispose() {
      for (const target of [...attached.keys()]) detach(target);
    },
  };
}
