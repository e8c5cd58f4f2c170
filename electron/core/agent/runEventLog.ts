import type { AgentEvent } from '../../../shared/agentEvents';

/**
 * A run's events so far, for a view that reattaches (a reloaded window).
 * Consecutive deltas of the same kind are merged as they come, which keeps
 * the log short; past `maxEvents` the oldest events after `run-start` go.
 *
 * `push` runs once per token: a run of deltas keeps its pieces in one list
 * (no copy, no new string per token) and becomes one event when a snapshot
 * asks for it. Events pushed are never changed, and snapshots never see
 * later pieces.
 */
export class RunEventLog {
  private readonly events: AgentEvent[] = [];
  /** The pieces of the last event, when it is a delta that more deltas of its stream may join. */
  private pieces: string[] | undefined;

  constructor(private readonly maxEvents = 5_000) {}

  push(event: AgentEvent): void {
    const last = this.events[this.events.length - 1];
    if (last !== undefined && isDelta(event) && isDelta(last) && sameStream(last, event)) {
      (this.pieces ??= [last.delta]).push(event.delta);
      return;
    }
    this.settle();
    this.events.push(event);
    if (this.events.length > this.maxEvents) this.events.splice(1, this.events.length - this.maxEvents);
  }

  snapshot(): AgentEvent[] {
    this.settle();
    return [...this.events];
  }

  /** Turns the pieces gathered for the last event into that event (a copy; the one pushed is left as it was). */
  private settle(): void {
    const pieces = this.pieces;
    if (pieces === undefined) return;
    this.pieces = undefined;
    const at = this.events.length - 1;
    const last = this.events[at];
    if (last !== undefined && isDelta(last)) this.events[at] = { ...last, delta: pieces.join('') };
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
