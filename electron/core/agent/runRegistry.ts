import type { AgentEvent } from '../../../shared/agentEvents';
import { PunieError } from '../errors';
import type { PermissionBroker } from './permissionBroker';
import type { RunEventLog } from './runEventLog';
import type { TerminalEvent } from './runLoop';

/**
 * The runs in flight (runId → its AbortController, permission broker and
 * events so far), the last events of runs that ended (bounded), and the
 * conversations a start is opening right now, so that a conversation never
 * has two runs at once.
 */

export interface Run {
  runId: string;
  conversationId: string;
  startedAt: number;
  controller: AbortController;
  log: RunEventLog;
  broker?: PermissionBroker;
  /** Settles with the run's last event once its conversation is flushed. */
  finished: Promise<TerminalEvent>;
}

/** A run in flight as the faces see it: its ids and its events so far. */
export interface ActiveRun {
  runId: string;
  conversationId: string;
  startedAt: number;
  events: AgentEvent[];
}

export interface RunRegistry {
  /**
   * Holds a conversation while a start opens it; throws `conflict` when it
   * is being opened or answering already. Call the answer to let go.
   */
  claim(conversationId: string): () => void;
  add(run: Run): void;
  get(runId: string): Run | undefined;
  /** The run leaves the registry at its last event; its result stays for `done`. */
  remove(runId: string): void;
  /** False when no such run is in flight, or it is already aborting. */
  abort(runId: string): boolean;
  active(): ActiveRun[];
  /** The run's last event once it ended; undefined for an unknown (or long forgotten) run. */
  done(runId: string): Promise<TerminalEvent | undefined>;
  /** Aborts every run in flight and waits for all of them to end. */
  abortAll(): Promise<void>;
}

/** Ended runs whose last event `done` can still answer. */
export const MAX_ENDED_RUNS = 100;

const stopped = () => new PunieError('aborted', 'Stopped.');

export function createRunRegistry(maxEnded: number = MAX_ENDED_RUNS): RunRegistry {
  const runs = new Map<string, Run>();
  const results = new Map<string, Promise<TerminalEvent>>();
  const opening = new Set<string>();
  return {
    claim(conversationId) {
      if (opening.has(conversationId) || [...runs.values()].some((r) => r.conversationId === conversationId)) {
        throw new PunieError('conflict', 'This conversation is still answering. Stop it or wait for it to finish first.');
      }
      opening.add(conversationId);
      return () => opening.delete(conversationId);
    },
    add(run) {
      runs.set(run.runId, run);
      results.set(run.runId, run.finished);
      for (const id of results.keys()) {
        if (results.size <= maxEnded + runs.size) break;
        if (!runs.has(id)) results.delete(id);
      }
    },
    get: (runId) => runs.get(runId),
    remove(runId) {
      runs.delete(runId);
    },
    abort(runId) {
      const run = runs.get(runId);
      if (!run || run.controller.signal.aborted) return false;
      run.controller.abort(stopped());
      return true;
    },
    active() {
      return [...runs.values()].map((r) => ({ runId: r.runId, conversationId: r.conversationId, startedAt: r.startedAt, events: r.log.snapshot() }));
    },
    async done(runId) {
      return results.get(runId);
    },
    async abortAll() {
      for (const run of runs.values()) run.controller.abort(stopped());
      await Promise.all(results.values());
    },
  };
}
