import { runIdOf, type Conversation, type ConversationMessage } from './conversation';

/**
 * Branches of a stored conversation. A run is a prompt and the messages after
 * it up to the next prompt; each prompt names the run it follows
 * (`parentRunId`: a string, or null for a run that starts from nothing; in
 * history written before branches, absent: the run before it in the log).
 * Two runs with one parent are two branches. The current branch (the one in
 * view) ends at the run the user last switched to (`currentRunId`, from the
 * log's `branch` records) or, when a prompt came after that switch or there
 * was none, at the latest run in the log.
 */
export interface StoredRun<M extends BranchMessage = ConversationMessage> {
  runId: string;
  /** Undefined: the first run of its branch. */
  parentRunId: string | undefined;
  messages: M[];
}

/** What branching reads of a message (the search's light fold has no more). */
export type BranchMessage = { id: string } & ({ role: 'user'; runId?: string | undefined; parentRunId?: string | null | undefined } | { role: 'assistant' | 'tool' });

/** The conversation's runs in log order, each with its parent. */
export function storedRuns<M extends BranchMessage>(conversationId: string, messages: readonly M[]): StoredRun<M>[] {
  const runs: StoredRun<M>[] = [];
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
export function branchMessages<M extends BranchMessage>(conversationId: string, messages: readonly M[], leafRunId?: string | null): M[] {
  if (leafRunId === null) return [];
  const runs = storedRuns(conversationId, messages);
  return branchRuns(runs, leafRunId).flatMap((r) => r.messages);
}

/** The messages of the branch in view (what the sidebar's preview, search, export and `punie history` show), oldest first. */
export function currentBranchMessages(c: Pick<Conversation, 'id' | 'messages' | 'currentRunId'>): ConversationMessage[] {
  return branchMessages(c.id, c.messages, c.currentRunId);
}

/** The runs from the root to `leafRunId` (default: the latest run), oldest first; bounded by the number of runs. */
export function branchRuns<M extends BranchMessage>(runs: readonly StoredRun<M>[], leafRunId?: string): StoredRun<M>[] {
  const byId = new Map(runs.map((r) => [r.runId, r]));
  let run = (leafRunId === undefined ? undefined : byId.get(leafRunId)) ?? runs.at(-1);
  const path: StoredRun<M>[] = [];
  const seen = new Set<string>();
  while (run && !seen.has(run.runId) && path.length <= runs.length) {
    seen.add(run.runId);
    path.push(run);
    run = run.parentRunId === undefined ? undefined : byId.get(run.parentRunId);
  }
  return path.reverse();
}
