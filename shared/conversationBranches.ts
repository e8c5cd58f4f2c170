import { runIdOf, type ConversationMessage } from './conversation';

/**
 * Branches of a stored conversation. A run is a prompt and the messages after
 * it up to the next prompt; each prompt names the run it follows
 * (`parentRunId`: a string, or null for a run that starts from nothing; in
 * history written before branches, absent: the run before it in the log).
 * Two runs with one parent are two branches. The current branch ends at the
 * latest run in the log.
 */
export interface StoredRun {
  runId: string;
  /** Undefined: the first run of its branch. */
  parentRunId: string | undefined;
  messages: ConversationMessage[];
}

/** The conversation's runs in log order, each with its parent. */
export function storedRuns(conversationId: string, messages: readonly ConversationMessage[]): StoredRun[] {
  const runs: StoredRun[] = [];
  for (const m of messages) {
    if (m.role === 'user') {
      const previous = runs.at(-1)?.runId;
      const parentRunId = m.parentRunId === null ? undefined : (m.parentRunId ?? previous);
      runs.push({ runId: runIdOf(conversationId, m), parentRunId, messages: [m] });
    } else if (runs.length === 0) {
      // Answers before any prompt (a damaged log) belong to no branch but the first.
      runs.push({ runId: `stored:${conversationId}:${m.id}`, parentRunId: undefined, messages: [m] });
    } else {
      runs.at(-1)!.messages.push(m);
    }
  }
  return runs;
}

/**
 * The messages of the branch that ends at `leafRunId` (default: the latest
 * run in the log), oldest first: what the model is sent to continue it.
 * `null`: no run at all (a branch from the very start). Throws nothing: an
 * unknown leaf gives the current branch.
 */
export function branchMessages(conversationId: string, messages: readonly ConversationMessage[], leafRunId?: string | null): ConversationMessage[] {
  if (leafRunId === null) return [];
  const runs = storedRuns(conversationId, messages);
  return branchRuns(runs, leafRunId).flatMap((r) => r.messages);
}

/** The runs from the root to `leafRunId` (default: the latest run), oldest first; bounded by the number of runs. */
export function branchRuns(runs: readonly StoredRun[], leafRunId?: string): StoredRun[] {
  const byId = new Map(runs.map((r) => [r.runId, r]));
  let run = (leafRunId === undefined ? undefined : byId.get(leafRunId)) ?? runs.at(-1);
  const path: StoredRun[] = [];
  const seen = new Set<string>();
  while (run && !seen.has(run.runId) && path.length <= runs.length) {
    seen.add(run.runId);
    path.push(run);
    run = run.parentRunId === undefined ? undefined : byId.get(run.parentRunId);
  }
  return path.reverse();
}
