import type { AgentEvent } from '../../../shared/agentEvents';

/**
 * A run's events so far, for a view that reattaches (a reloaded window).
 * Consecutive deltas of the same kind are merged as they come, which keeps
 * the log short; past `maxEvents` the oldest events after `run-start` go.
 */
export class RunEventLog {
  private readonly events: AgentEvent[] = [];

  constructor(private readonly maxEvents = 5_000) {}

  push(event: AgentEvent): void {
    const last = this.events[this.events.length - 1];
    if (last && isDelta(last) && isDelta(event) && sameStream(last, event)) {
      this.events[this.events.length - 1] = { ...last, delta: last.delta + event.delta };
      return;
    }
    this.events.push(event);
    if (this.events.length > this.maxEvents) this.events.splice(1, this.events.length - this.maxEvents);
  }

  snapshot(): AgentEvent[] {
    return [...this.events];
  }
}

type DeltaEvent = Extract<AgentEvent, { delta: string }>;

function isDelta(e: AgentEvent): e is DeltaEvent {
  return e.type === 'text-delta' || e.type === 'reasoning-delta' || e.type === 'tool-call-args-delta';
}

function sameStream(a: DeltaEvent, b: DeltaEvent): boolean {
  if (a.type !== b.type) return false;
  return a.type !== 'tool-call-args-delta' || (b.type === 'tool-call-args-delta' && a.callId === b.callId);
}
