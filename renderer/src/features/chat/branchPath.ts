import type { RunView } from '../../../../shared/runView';

/** Where a run on the path sits among the runs that share its parent (its branches). */
export interface BranchInfo {
  /** The key of the parent ('' for runs that follow none). */
  parentKey: string;
  /** Its place among them, from 0, oldest first. */
  index: number;
  /** The runIds that share its parent, oldest first. */
  siblings: string[];
}

export interface BranchPath {
  /** The runs in view, oldest first: from the first run, at each branch point the chosen one (default the latest). */
  runs: RunView[];
  /** For runs on the path with siblings: where they sit. */
  branches: Record<string, BranchInfo>;
}

export const parentKeyOf = (run: Pick<RunView, 'parentRunId'>): string => run.parentRunId ?? '';

/**
 * The branch in view of a conversation's runs (live or read). `choices`
 * maps a parent key to the child the user switched to; where there is no
 * choice, or the chosen run is gone, the latest child is followed. Runs
 * whose parent is unknown (a run still streaming in another branch of a
 * window that never read it) hang from the start.
 */
export function branchPath(all: readonly RunView[], choices: Readonly<Record<string, string>>): BranchPath {
  const known = new Set(all.map((r) => r.runId));
  const children = new Map<string, RunView[]>();
  for (const run of [...all].sort((a, b) => a.startedAt - b.startedAt)) {
    const key = run.parentRunId !== undefined && known.has(run.parentRunId) ? run.parentRunId : '';
    const list = children.get(key);
    if (list) list.push(run);
    else children.set(key, [run]);
  }
  const runs: RunView[] = [];
  const branches: Record<string, BranchInfo> = {};
  let key = '';
  // Bounded: each step takes a run not taken before.
  for (let step = 0; step < all.length; step++) {
    const kids = children.get(key);
    if (!kids?.length) break;
    const chosen = kids.find((r) => r.runId === choices[key]) ?? kids[kids.length - 1]!;
    runs.push(chosen);
    if (kids.length > 1) branches[chosen.runId] = { parentKey: key, index: kids.indexOf(chosen), siblings: kids.map((r) => r.runId) };
    key = chosen.runId;
  }
  return { runs, branches };
}

/**
 * The choices that show the branch ending at `tipRunId` (as the store
 * recorded it): at each branch point on its way from the start, the run on
 * it. Empty when the tip is unknown (the latest runs are then followed).
 */
export function choicesForTip(all: readonly RunView[], tipRunId: string | undefined): Record<string, string> {
  const byId = new Map(all.map((r) => [r.runId, r]));
  const choices: Record<string, string> = {};
  let run = tipRunId === undefined ? undefined : byId.get(tipRunId);
  // Bounded: each step climbs to a run not visited before.
  for (let step = 0; run && step < all.length; step++) {
    const key = run.parentRunId !== undefined && byId.has(run.parentRunId) ? run.parentRunId : '';
    if (choices[key] !== undefined) break;
    choices[key] = run.runId;
    run = key === '' ? undefined : byId.get(key);
  }
  return choices;
}

/** The runs of the branch `before` that are not on `after` (the runs a switch leaves), oldest first. */
export function runsLeft(before: readonly RunView[], after: readonly RunView[]): RunView[] {
  const kept = new Set(after.map((r) => r.runId));
  return before.filter((r) => !kept.has(r.runId));
}
