import type { RunPart, RunView, ToolCallView } from '../../../shared/runView';

/**
 * What history keeps of a run: the run as the one reducer built it, less
 * what is live only by design (FORMAT.md): whether it is live, usage counts,
 * permission answers, progress, the running timer, trace notices, and the
 * render keys of parts (they count notices). Tests compare a run built live
 * with the same run rebuilt from disk through this shape.
 */
export function historyShape(run: RunView): unknown {
  const { live: _live, usage: _usage, parts, tools, ...rest } = run;
  return {
    ...rest,
    parts: parts.filter((p) => p.kind !== 'notice').map(partShape),
    tools: Object.fromEntries(Object.entries(tools).map(([id, t]) => [id, toolShape(t)])),
  };
}

function partShape(p: RunPart): unknown {
  const { key: _key, ...rest } = p;
  return rest;
}

function toolShape(t: ToolCallView): unknown {
  const { permission: _permission, progress: _progress, runningSince: _since, ...rest } = t;
  return rest;
}
