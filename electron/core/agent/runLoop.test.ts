import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PunieError } from '../errors';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { runScripted } from '../../../test/support/core/loopHarness';
import { EMPTY_ANSWER_NUDGE } from './runLoop';
import { callTools, say } from '../../../test/support/core/scriptedModel';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('notes.txt', 'Buy milk.\nCall Ada.\n');
});
afterEach(() => ws.cleanup());

/** A turn that answers with the content of the last tool result it was sent. */
const echoLastResult = (prefix: string) => (request: { messages: { role: string; content: string }[] }) => {
  const tool = request.messages.filter((m) => m.role === 'tool').at(-1);
  return say(`${prefix}${tool?.content ?? '(none)'}`);
};

describe('run loop: turns', () => {
  it('reads a file, then answers with what it holds, in the guaranteed event order', async () => {
    const run = await runScripted(ws, [callTools([{ id: 'c1', name: 'read_file', args: { path: 'notes.txt' } }]), echoLastResult('The notes say: ')], {
      prompt: 'What does notes.txt say?',
    });
    expect(run.last).toMatchObject({ type: 'run-finish', finishReason: 'stop', text: 'The notes say: Buy milk.\nCall Ada.' });
    expect(run.events.map((e) => e.type)).toEqual([
      'run-start',
      'turn-start',
      'tool-call-start',
      'tool-call-args-delta',
      'tool-call-args-delta',
      'tool-call-ready',
      'usage',
      'tool-result',
      'turn-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'usage',
      'run-finish',
    ]);
    expect(run.of('tool-call-ready')[0]).toMatchObject({ callId: 'c1', name: 'read_file', args: { path: 'notes.txt' }, argsText: '{"path":"notes.txt"}' });
    expect(run.of('tool-result')[0]).toMatchObject({ callId: 'c1', content: 'Buy milk.\nCall Ada.', meta: { path: 'notes.txt', lines: 2 } });
    // The second request carries the call and its result, and the tools.
    const second = run.model.requests[1];
    expect(second?.messages.slice(-2)).toEqual([
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', argsText: '{"path":"notes.txt"}' }] },
      { role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'Buy milk.\nCall Ada.' },
    ]);
    expect(second?.tools?.map((t) => t.name)).toContain('read_file');
  });

  it('caps each reply at the preset, cut to what the context leaves; sends no cap without one', async () => {
    // 8192 asked of a 4,096-token context: what the prompt leaves, never the whole cap.
    const capped = await runScripted(ws, [say('Hi.')], { preset: { maxOutputTokens: 8192 }, contextLength: 4096 });
    const prompt = capped.model.requests[0]!;
    expect(prompt.maxTokens).toBeLessThan(4096);
    expect(prompt.maxTokens).toBeGreaterThan(1000);
    const roomy = await runScripted(ws, [say('Hi.')], { preset: { maxOutputTokens: 300 }, contextLength: 32768 });
    expect(roomy.model.requests[0]!.maxTokens).toBe(300);
    const unknownContext = await runScripted(ws, [say('Hi.')], { preset: { maxOutputTokens: 300 } });
    expect(unknownContext.model.requests[0]!.maxTokens).toBe(300);
    const none = await runScripted(ws, [say('Hi.')], { contextLength: 4096 });
    expect(none.model.requests[0]).not.toHaveProperty('maxTokens');
  });

  it("keeps a tool-call turn's reasoning with it for the rest of the run (the provider decides whether to send it)", async () => {
    const run = await runScripted(ws, [[{ type: 'reasoning-delta', text: 'Look first.' }, ...callTools([{ id: 'c1', name: 'list_files' }])], say('Done.')]);
    expect(run.model.requests[1]!.messages.at(-2)).toMatchObject({ role: 'assistant', reasoning: 'Look first.', toolCalls: [{ id: 'c1' }] });
  });

  it('reports stats: turns, token counts, time to first token, speed over the time the model was generating', async () => {
    // The clock moves only when the test says: 100 ms generating the tool call,
    // then the first word 500 ms after the start, then 200 ms more of words.
    let now = 1000;
    const moves: Partial<Record<string, number>> = { 'turn-start:1': 1100, 'tool-call-ready:1': 1200, 'turn-start:2': 1500, 'text-delta:2': 1700 };
    let turn = 0;
    const run = await runScripted(ws, [callTools([{ name: 'list_files' }]), say('Done.', { pieces: 1, usage: { inputTokens: 30, outputTokens: 4 } })], {
      clock: () => now,
      onEvent: (e) => {
        if (e.type === 'turn-start') turn = e.turn;
        now = moves[`${e.type}:${turn}`] ?? now;
      },
    });
    expect(run.last).toMatchObject({ type: 'run-finish', text: 'Done.' });
    // 9 output tokens over 300 ms of generating (the tool ran in between): 30 a second.
    expect(run.last.stats).toEqual({ turns: 2, inputTokens: 40, outputTokens: 9, ttftMs: 500, durationMs: 700, tokensPerSecond: 30 });
  });

  it('retries an empty final answer once with a nudge', async () => {
    const run = await runScripted(ws, [say(''), say('Here it is.')]);
    expect(run.last).toMatchObject({ type: 'run-finish', text: 'Here it is.' });
    expect(run.model.requests[1]?.messages.at(-1)).toEqual({ role: 'user', content: EMPTY_ANSWER_NUDGE });
    expect(run.of('turn-start').map((e) => e.turn)).toEqual([1, 2]);
  });

  it('finishes with the empty answer when the nudge does not help (one retry only)', async () => {
    const run = await runScripted(ws, [say(''), say('')]);
    expect(run.last).toMatchObject({ type: 'run-finish', text: '' });
    expect(run.model.requests).toHaveLength(2);
  });

  it('stops at maxTurns with a clear error', async () => {
    const loop = () => callTools([{ name: 'list_files' }]);
    const run = await runScripted(ws, [loop, loop, loop], { maxTurns: 2 });
    expect(run.last).toMatchObject({ type: 'run-error', error: { code: 'max-turns', message: 'Stopped after 2 model turns without a final answer.' } });
    expect(run.model.requests).toHaveLength(2);
  });

  it('ends the run on a model error after one request, with its code and message: retrying belongs to the model (models/retry.ts)', async () => {
    const run = await runScripted(ws, [[{ type: 'throw', error: new PunieError('server-error', 'The server had a hiccup.') }], say('never')]);
    expect(run.last).toMatchObject({ type: 'run-error', error: { code: 'server-error', message: 'The server had a hiccup.' } });
    expect(run.model.requests).toHaveLength(1);
    const notLoaded = await runScripted(ws, [[{ type: 'throw', error: new PunieError('model-not-loaded', 'Load the model in LM Studio.') }]]);
    expect(notLoaded.last).toMatchObject({ type: 'run-error', error: { code: 'model-not-loaded', message: 'Load the model in LM Studio.' } });
  });

  it('keeps the partial answer when the stream breaks after output was shown', async () => {
    const broken = new PunieError('server-error', 'The server had a hiccup.');
    const run = await runScripted(ws, [[{ type: 'text-delta', text: 'Half an ans' }, { type: 'throw', error: broken }], say('never')]);
    expect(run.last).toMatchObject({ type: 'run-error', error: { code: 'server-error' }, partialText: 'Half an ans' });
    expect(run.model.requests).toHaveLength(1);
  });

  it('turns a failure that is not a PunieError into stream-broken', async () => {
    const run = await runScripted(ws, [[{ type: 'text-delta', text: 'Some' }, { type: 'throw', error: new TypeError('boom') }]]);
    expect(run.last).toMatchObject({ type: 'run-error', error: { code: 'stream-broken', message: 'The model stream failed unexpectedly.' }, partialText: 'Some' });
  });

  it('runs without tools when no workspace is open, refusing a call made anyway', async () => {
    const run = await runScripted(ws, [callTools([{ name: 'read_file', args: { path: 'notes.txt' } }]), say('Sorry.')], { noTools: true });
    expect(run.model.requests[0]?.tools).toBeUndefined();
    expect(run.of('tool-error')[0]?.content).toContain('No workspace folder is open');
    expect(run.last).toMatchObject({ type: 'run-finish', text: 'Sorry.' });
  });

  it('cuts a tool result that would crowd a small context, with a note', async () => {
    await ws.write('big.txt', 'x'.repeat(5_000));
    const run = await runScripted(ws, [callTools([{ name: 'read_file', args: { path: 'big.txt' } }]), say('ok')], { contextLength: 1_000 });
    const result = run.of('tool-result')[0];
    expect(result?.content.length).toBeLessThan(1_300);
    expect(result?.content).toContain("cut to fit the model's context");
    expect(result?.meta?.truncated).toBe(true);
    expect(run.model.requests[1]?.messages.at(-1)?.content).toBe(result?.content);
  });
});

describe('run loop: bad calls', () => {
  it('sends malformed arguments back as a tool error and recovers on the next turn', async () => {
    const run = await runScripted(ws, [
      callTools([{ id: 'bad', name: 'read_file', argsText: '{"path": "notes.txt"' }]),
      callTools([{ id: 'good', name: 'read_file', args: { path: 'notes.txt' } }]),
      echoLastResult(''),
    ]);
    expect(run.of('tool-call-ready')[0]).toMatchObject({ callId: 'bad', args: undefined, argsText: '{"path": "notes.txt"' });
    expect(run.of('tool-error')[0]).toMatchObject({ callId: 'bad', error: { code: 'invalid-tool-call' } });
    expect(run.model.requests[1]?.messages.at(-1)?.content).toMatch(/^Error: The arguments are not valid JSON/);
    expect(run.last).toMatchObject({ type: 'run-finish', text: 'Buy milk.\nCall Ada.' });
  });

  it('answers an unknown tool and schema mismatches with errors the model can use', async () => {
    const run = await runScripted(ws, [
      callTools([
        { id: 'u', name: 'delete_repo', args: {} },
        { id: 's', name: 'read_file', args: { file: 'notes.txt' } },
      ]),
      say('ok'),
    ]);
    const [unknown, mismatch] = run.of('tool-error');
    expect(unknown?.content).toContain('There is no tool named "delete_repo". The tools are: read_file');
    expect(mismatch?.content).toContain('Invalid arguments for read_file: path:');
    expect(run.last.type).toBe('run-finish');
  });

  it('ends the run when the same call fails three times in a row', async () => {
    const same = () => callTools([{ name: 'read_file', args: { path: 'missing.txt' } }]);
    const run = await runScripted(ws, [same, same, same, say('never')]);
    expect(run.of('tool-error')).toHaveLength(3);
    expect(run.last).toMatchObject({
      type: 'run-error',
      error: { code: 'tool-failed', message: expect.stringContaining('The model made the same failing read_file call 3 times in a row') },
    });
    expect(run.model.requests).toHaveLength(3);
  });

  it('copies of one failing call in a single answer count once: the model had not seen the error yet', async () => {
    // Small local models sometimes emit the same call several times in one answer (parallel calls).
    const thrice = callTools([
      { name: 'read_file', argsText: '{"path": ["notes.txt"]}' },
      { name: 'read_file', argsText: '{"path": ["notes.txt"]}' },
      { name: 'read_file', argsText: '{"path": ["notes.txt' },
    ]);
    const run = await runScripted(ws, [thrice, say('Sorry, I will answer without it.')]);
    expect(run.of('tool-error')).toHaveLength(3);
    expect(run.last).toMatchObject({ type: 'run-finish', text: 'Sorry, I will answer without it.' });
  });

  it('ends the run after three malformed calls to a tool, even with different text', async () => {
    const run = await runScripted(ws, [
      callTools([{ name: 'edit_file', argsText: '{bad' }]),
      callTools([{ name: 'edit_file', argsText: '{worse' }]),
      callTools([{ name: 'edit_file', argsText: '{"path": 1}' }]),
      say('never'),
    ]);
    expect(run.last).toMatchObject({ type: 'run-error', error: { code: 'invalid-tool-call' } });
  });

  it('keeps going when failures of a call are interrupted by a success of it', async () => {
    const later = () => callTools([{ name: 'read_file', args: { path: 'later.txt' } }]);
    let errors = 0;
    const run = await runScripted(ws, [later, later, later, later, say('fine')], {
      onEvent: (e) => {
        if (e.type === 'tool-error' && ++errors === 2) writeFileSync(join(ws.root, 'later.txt'), 'now here');
        if (e.type === 'tool-result') unlinkSync(join(ws.root, 'later.txt'));
      },
    });
    expect(run.events.filter((e) => e.type === 'tool-error' || e.type === 'tool-result').map((e) => e.type)).toEqual([
      'tool-error',
      'tool-error',
      'tool-result',
      'tool-error',
    ]);
    expect(run.last).toMatchObject({ type: 'run-finish', text: 'fine' });
  });
});
