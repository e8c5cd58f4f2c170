import { describe, expect, it } from 'vitest';
import { modelRefOf } from '../../../../shared/modelRef';
import type { RunView } from '../../../../shared/runView';
import { branchPath, choicesForTip, runsLeft } from './branchPath';

const run = (runId: string, startedAt: number, parentRunId?: string): RunView => ({
  runId,
  conversationId: 'c',
  prompt: runId,
  model: modelRefOf('test'),
  startedAt,
  status: 'finished',
  turn: 1,
  parts: [],
  tools: {},
  toolOrder: [],
  live: false,
  ...(parentRunId === undefined ? {} : { parentRunId }),
});

describe('branchPath', () => {
  // a → b → d, and c regenerated beside b; e: the first prompt edited.
  const all = [run('a', 1), run('b', 2, 'a'), run('c', 3, 'a'), run('d', 4, 'b'), run('e', 5)];

  it('follows the latest run at each branch point by default', () => {
    const path = branchPath(all, {});
    expect(path.runs.map((r) => r.runId)).toEqual(['e']);
    expect(path.branches).toEqual({ e: { parentKey: '', index: 1, siblings: ['a', 'e'] } });
  });

  it('follows the runs chosen, then the latest below them', () => {
    const path = branchPath(all, { '': 'a', a: 'b' });
    expect(path.runs.map((r) => r.runId)).toEqual(['a', 'b', 'd']);
    expect(path.branches.b).toEqual({ parentKey: 'a', index: 0, siblings: ['b', 'c'] });
    expect(branchPath(all, { '': 'a' }).runs.map((r) => r.runId)).toEqual(['a', 'c']);
  });

  it('shows a line of runs without branches as it is, and a run whose parent it does not hold from the start', () => {
    expect(branchPath([run('x', 1), run('y', 2, 'x')], {}).runs.map((r) => r.runId)).toEqual(['x', 'y']);
    expect(branchPath([run('y', 2, 'gone')], {}).runs.map((r) => r.runId)).toEqual(['y']);
  });
});

describe('choicesForTip and runsLeft', () => {
  const all = [run('a', 1), run('b', 2, 'a'), run('c', 3, 'a'), run('d', 4, 'b'), run('e', 5)];

  it('choicesForTip shows the branch that ends at the tip the store recorded, whatever ran later', () => {
    const choices = choicesForTip(all, 'd');
    expect(choices).toEqual({ '': 'a', a: 'b', b: 'd' });
    expect(branchPath(all, choices).runs.map((r) => r.runId)).toEqual(['a', 'b', 'd']);
    // A tip in the middle of a branch: the view follows it down to the latest run below.
    expect(branchPath(all, choicesForTip(all, 'b')).runs.map((r) => r.runId)).toEqual(['a', 'b', 'd']);
    expect(choicesForTip(all, undefined)).toEqual({});
    expect(choicesForTip(all, 'gone')).toEqual({});
  });

  it('runsLeft is what a switch leaves behind, oldest first', () => {
    const before = branchPath(all, { '': 'a', a: 'b' }).runs;
    const after = branchPath(all, { '': 'a', a: 'c' }).runs;
    expect(runsLeft(before, after).map((r) => r.runId)).toEqual(['b', 'd']);
    expect(runsLeft(after, after)).toEqual([]);
  });
});
