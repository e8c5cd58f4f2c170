import { create } from 'zustand';
import type { AgentEvent } from '../../../shared/agentEvents';
import { applyEvents } from '../../../shared/runReducer';
import type { RunView } from '../../../shared/runView';
import { createFrameScheduler } from '../lib/frameScheduler';

/**
 * Every run this window knows, by runId. Incoming event batches are queued
 * and applied together at an animation frame: a batch of streamed words
 * (text and reasoning deltas) at most every `STREAM_INTERVAL_MS`, anything
 * else (a stretch of text's first words, a tool call, a permission request,
 * the end of a run) at the next frame. However fast deltas arrive, a streaming answer re-renders about 30
 * times a second, which reads as smooth and leaves the frames between free.
 */
export interface RunsState {
  runs: Record<string, RunView>;
}

/** Runs kept in memory; the oldest finished ones outside the open conversation go first. */
export const MAX_RUNS = 100;
/** Events queued before a flush; past this the queue flushes at once. */
const MAX_QUEUED = 5_000;
/** Least time between two applications of streamed words alone (two frames). */
export const STREAM_INTERVAL_MS = 33;

export const useRunsStore = create<RunsState>()(() => ({ runs: {} }));

let queue: AgentEvent[] = [];
let holding: AgentEvent[] | undefined;
let keepConversation: string | undefined;
let unknownRunListener: ((runIds: string[]) => void) | undefined;

const scheduler = createFrameScheduler(flush, { minIntervalMs: STREAM_INTERVAL_MS });

/** Takes a batch from `agent.events`. */
export function ingestEvents(batch: readonly AgentEvent[]): void {
  if (holding) {
    holding.push(...batch);
    return;
  }
  queue.push(...batch);
  if (queue.length >= MAX_QUEUED) flush();
  else scheduler.schedule({ urgent: isUrgent(batch) });
}

/**
 * Anything but streamed words is urgent, and so are the first words of a
 * stretch of text (time to first token is felt): words are urgent unless the
 * run already shows text or reasoning last.
 */
function isUrgent(batch: readonly AgentEvent[]): boolean {
  const { runs } = useRunsStore.getState();
  return batch.some((e) => {
    if (e.type !== 'text-delta' && e.type !== 'reasoning-delta') return true;
    const last = runs[e.runId]?.parts.at(-1);
    return last?.kind !== 'text' && last?.kind !== 'reasoning';
  });
}

/** Applies everything queued now (tests and a reattach call it directly). */
export function flush(): void {
  scheduler.cancel();
  if (queue.length === 0) return;
  const batch = queue;
  queue = [];
  const before = useRunsStore.getState().runs;
  let runs = applyEvents(before, batch, Date.now());
  const unknown = new Set<string>();
  for (const e of batch) if (!runs[e.runId] && e.type !== 'run-start') unknown.add(e.runId);
  runs = prune(runs);
  if (runs !== before) useRunsStore.setState({ runs });
  if (unknown.size && unknownRunListener) unknownRunListener([...unknown]);
}

/** Called with runs this window has events for but never saw start (it was reloaded mid-run). */
export function onUnknownRuns(listener: ((runIds: string[]) => void) | undefined): void {
  unknownRunListener = listener;
}

/**
 * Takes runs read from history (conversations.get). A run this window already
 * holds stays as it is: it watched it live (knowing more, such as permission
 * answers) or read it before. Events still queued are applied first, so a run
 * that began in this frame is live, not read.
 */
export function adoptStoredRuns(stored: readonly RunView[]): void {
  flush();
  const before = useRunsStore.getState().runs;
  let next: Record<string, RunView> | undefined;
  for (const run of stored) {
    if (before[run.runId]) continue;
    next ??= { ...before };
    next[run.runId] = run;
  }
  if (next) useRunsStore.setState({ runs: prune(next) });
}

/** Whether this window holds every one of these runs (after applying what is queued). */
export function holdsRuns(runIds: readonly string[]): boolean {
  flush();
  const { runs } = useRunsStore.getState();
  return runIds.every((id) => runs[id] !== undefined);
}

/** Runs of this conversation are never pruned. */
export function keepRunsOf(conversationId: string | undefined): void {
  keepConversation = conversationId;
}

/**
 * Reattaches to runs in flight. While `snapshot` is awaited, live events are
 * held; then each run this window did not know is rebuilt from its events so
 * far, and the held events are applied except those of rebuilt runs (the
 * snapshot already holds them).
 */
export function reattach(snapshot: () => Promise<ReadonlyArray<{ runId: string; events: readonly AgentEvent[] }>>): Promise<string[]> {
  // One at a time: a second reattach waits for the first (each holds the live events while it asks).
  const next = reattaching ? reattaching.then(() => reattachNow(snapshot)) : reattachNow(snapshot);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  reattaching = settled;
  void settled.then(() => {
    if (reattaching === settled) reattaching = undefined;
  });
  return next;
}

let reattaching: Promise<void> | undefined;

async function reattachNow(snapshot: () => Promise<ReadonlyArray<{ runId: string; events: readonly AgentEvent[] }>>): Promise<string[]> {
  flush();
  holding = [];
  let adopted: string[] = [];
  try {
    const active = await snapshot();
    const known = useRunsStore.getState().runs;
    // A run read from history while it was still going (it shows as cut short) gives way to its live events.
    const fresh = active.filter((r) => !known[r.runId]?.live);
    adopted = fresh.map((r) => r.runId);
    const readCopies = fresh.filter((r) => known[r.runId]);
    if (readCopies.length) {
      const next = { ...known };
      for (const r of readCopies) delete next[r.runId];
      useRunsStore.setState({ runs: next });
    }
    queue.push(...fresh.flatMap((r) => r.events));
  } finally {
    const held = holding ?? [];
    holding = undefined;
    const skip = new Set(adopted);
    queue.push(...held.filter((e) => !skip.has(e.runId)));
    flush();
  }
  return adopted;
}

function prune(runs: Record<string, RunView>): Record<string, RunView> {
  const ids = Object.keys(runs);
  if (ids.length <= MAX_RUNS) return runs;
  const removable = ids
    .map((id) => runs[id]!)
    .filter((r) => r.status !== 'running' && r.conversationId !== keepConversation)
    .sort((a, b) => a.startedAt - b.startedAt);
  const next = { ...runs };
  for (const r of removable.slice(0, ids.length - MAX_RUNS)) delete next[r.runId];
  return next;
}

/** Forgets everything (tests). */
export function resetRuns(): void {
  scheduler.cancel();
  queue = [];
  holding = undefined;
  reattaching = undefined;
  keepConversation = undefined;
  unknownRunListener = undefined;
  useRunsStore.setState({ runs: {} });
}
