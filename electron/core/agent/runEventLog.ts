import type { AgentEvent } from '../../../shared/agentEvents';

/**
 * A run's events so far, for a view that reattaches (a reloaded window).
 * Consecutive deltas of the same kind are merged as they come, which keeps
 * the log short; past `maxEvents` the oldest events after `run-start` go.
 *
 * `push` runs once per token: a run of deltas is merged into one event the
 * log owns and appends to in place (one copy per run of deltas, not one per
 * token). Events pushed are never changed, and snapshots never see later
 * appends.
 */
export class RunEventLog {
  private readonly events: AgentEvent[] = [];
  /** The last event, when it is the log's own merged copy (safe to append to). */
  private merged: DeltaEvent | undefined;

  constructor(private readonly maxEvents = 5_000) {}

  push(event: AgentEvent): void {
    const last = this.events[this.events.length - 1];
    if (last !== undefined && isDelta(event) && isDelta(last) && sameStream(last, event)) {
      if (this.merged === last) {
        last.delta += event.delta;
      } else {
        this.merged = { ...last, delta: last.delta + event.delta };
        this.events[this.events.length - 1] = this.merged;
      }
      return;
    }
    this.merged = undefined;
    this.events.push(event);
    if (this.events.length > this.maxEvents) this.events.splice(1, this.events.length - this.maxEvents);
  }

  snapshot(): AgentEvent[] {
    const copy = [...this.events];
    // The merged event keeps growing: hand out its state as of now.
    if (this.merged !== undefined) copy[copy.length - 1] = { ...this.merged };
    return copy;
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
