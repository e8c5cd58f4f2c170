import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FilePlan, RunUndoState, UndoPlanView } from '../../../shared/undo';

/** The client as answers the test controls. */
const request = vi.fn<(route: string, input: unknown) => Promise<unknown>>();
vi.mock('../ipc/client', () => ({ punie: { request: (route: string, input: unknown) => request(route, input), on: () => () => {} } }));

const { closeUndo, confirmUndo, offerRedoOfReturnedRuns, offerUndoOfLeftRuns, useUndoStore } = await import('./undoStore');

const state = (runId: string, number: number, undone = false): RunUndoState => ({ runId, number, prompt: runId, files: 1, notUndoable: 0, commands: 0, undone });
const file = (path: string, blocked?: string): FilePlan => ({ path, action: 'write', changedSince: false, diff: '', now: 'h', ...(blocked ? { blocked } : {}) });
const plan = (run: RunUndoState, files: FilePlan[]): UndoPlanView => ({ conversationId: 'c', workspace: '/w', run, redo: false, files });

/** Waits until the dialog shows the plan of `runId` (the offer is asynchronous). */
const dialogFor = (runId: string) => vi.waitFor(() => expect(useUndoStore.getState().dialog).toMatchObject({ runId, plan: expect.anything() }));

beforeEach(() => {
  request.mockReset();
  useUndoStore.setState({ conversationId: undefined, runs: {}, dialog: undefined });
});

describe('offerUndoOfLeftRuns', () => {
  it('offers the runs left that changed files and are not undone, the latest first, one after the other', async () => {
    const runs = { r1: state('r1', 1), r2: state('r2', 2), r3: state('r3', 3, true) };
    useUndoStore.setState({ conversationId: 'c', runs });
    request.mockImplementation(async (route, input) => {
      const { runId } = input as { runId: string };
      if (route === 'undo.plan') return plan(runs[runId as keyof typeof runs], [file(`${runId}.txt`)]);
      if (route === 'undo.apply') return { done: [{ path: `${runId}.txt` }], skipped: [] };
      return { runs: Object.values(runs) };
    });
    // r0 changed no files, r3 is undone already: neither is offered.
    const offered = offerUndoOfLeftRuns('c', ['r0', 'r1', 'r2', 'r3']);
    await dialogFor('r2');
    expect(useUndoStore.getState().dialog?.leaving).toEqual({ step: 1, of: 2 });
    await confirmUndo([]);
    await dialogFor('r1');
    expect(useUndoStore.getState().dialog?.leaving).toEqual({ step: 2, of: 2 });
    await confirmUndo([]);
    await offered;
    expect(useUndoStore.getState().dialog).toBeUndefined();
    expect(request.mock.calls.filter(([route]) => route === 'undo.apply').map(([, input]) => (input as { runId: string }).runId)).toEqual(['r2', 'r1']);
  });

  it('Keep files declines them all, and they are not offered again in this window', async () => {
    useUndoStore.setState({ conversationId: 'c', runs: { k1: state('k1', 1), k2: state('k2', 2) } });
    request.mockImplementation(async (_route, input) => plan(state((input as { runId: string }).runId, 1), [file('a.txt')]));
    const offered = offerUndoOfLeftRuns('c', ['k1', 'k2']);
    await dialogFor('k2');
    closeUndo();
    await offered;
    expect(useUndoStore.getState().dialog).toBeUndefined();
    expect(request).toHaveBeenCalledTimes(1);
    await offerUndoOfLeftRuns('c', ['k1', 'k2']);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('offers nothing for a run whose files are all as they were or cannot be put back, nor for another conversation', async () => {
    useUndoStore.setState({ conversationId: 'c', runs: { b1: state('b1', 1), b2: state('b2', 2) } });
    request.mockImplementation(async (_route, input) => {
      const { runId } = input as { runId: string };
      return plan(state(runId, 1), runId === 'b1' ? [] : [file('big.bin', 'its earlier content was not kept')]);
    });
    await offerUndoOfLeftRuns('c', ['b1', 'b2']);
    expect(useUndoStore.getState().dialog).toBeUndefined();
    expect(request).toHaveBeenCalledTimes(2);
    await offerUndoOfLeftRuns('other', ['b1']);
    expect(request).toHaveBeenCalledTimes(2);
  });
});

describe('offerRedoOfReturnedRuns', () => {
  /** Main as the test controls it: a plan and an apply per run, the undone state kept as apply leaves it. */
  function mainWith(runs: Record<string, RunUndoState>) {
    useUndoStore.setState({ conversationId: 'c', runs: { ...runs } });
    request.mockImplementation(async (route, input) => {
      const { runId, redo } = input as { runId: string; redo: boolean };
      if (route === 'undo.plan') return { ...plan(runs[runId]!, [file(`${runId}.txt`)]), redo };
      if (route === 'undo.apply') {
        runs[runId] = { ...runs[runId]!, undone: !redo };
        return { done: [{ path: `${runId}.txt` }], skipped: [] };
      }
      return { runs: Object.values(runs) };
    });
  }
  const applied = () => request.mock.calls.filter(([route]) => route === 'undo.apply').map(([, input]) => input as { runId: string; redo: boolean });

  it('coming back to a branch whose runs were undone on leaving offers their redo, the earliest first', async () => {
    mainWith({ a1: state('a1', 1), a2: state('a2', 2) });
    const left = offerUndoOfLeftRuns('c', ['a1', 'a2']);
    await dialogFor('a2');
    await confirmUndo([]);
    await dialogFor('a1');
    await confirmUndo([]);
    await left;

    const back = offerRedoOfReturnedRuns('c', ['a1', 'a2']);
    await dialogFor('a1');
    expect(useUndoStore.getState().dialog).toMatchObject({ redo: true, leaving: { step: 1, of: 2, back: true } });
    await confirmUndo([]);
    await dialogFor('a2');
    await confirmUndo([]);
    await back;
    expect(applied().slice(2)).toEqual([expect.objectContaining({ runId: 'a1', redo: true }), expect.objectContaining({ runId: 'a2', redo: true })]);
    // Made again: nothing left to offer on the next return.
    await offerRedoOfReturnedRuns('c', ['a1', 'a2']);
    expect(useUndoStore.getState().dialog).toBeUndefined();
  });

  it('never offers a run the user undid themselves, and Keep files declines them all', async () => {
    mainWith({ u1: state('u1', 1, true), m1: state('m1', 2) });
    // u1 was undone with "Undo this run", not on leaving: coming back does not offer it.
    await offerRedoOfReturnedRuns('c', ['u1']);
    expect(useUndoStore.getState().dialog).toBeUndefined();

    const left = offerUndoOfLeftRuns('c', ['m1']);
    await dialogFor('m1');
    await confirmUndo([]);
    await left;
    const back = offerRedoOfReturnedRuns('c', ['m1']);
    await dialogFor('m1');
    closeUndo();
    await back;
    await offerRedoOfReturnedRuns('c', ['m1']);
    expect(useUndoStore.getState().dialog).toBeUndefined();
    expect(applied()).toEqual([expect.objectContaining({ runId: 'm1', redo: false })]);
  });
});
