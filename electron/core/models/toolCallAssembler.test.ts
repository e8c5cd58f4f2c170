import { describe, expect, it } from 'vitest';
import { MAX_TOOL_CALLS_PER_TURN, ToolCallAssembler } from './toolCallAssembler';
import type { ModelStreamEvent } from './types';

function run(deltas: unknown[][]) {
  const a = new ToolCallAssembler();
  const events: ModelStreamEvent[] = [];
  for (const d of deltas) events.push(...a.push(d));
  return { events, calls: a.finish() };
}

const fn = (name: string | undefined, args: string | undefined) => ({
  ...(name === undefined ? {} : { name }),
  ...(args === undefined ? {} : { arguments: args }),
});

describe('ToolCallAssembler', () => {
  it('assembles the common shape: id and name first, arguments by index', () => {
    const { events, calls } = run([
      [{ index: 0, id: 'call_1', type: 'function', function: fn('read_file', '') }],
      [{ index: 0, function: fn(undefined, '{"pa') }],
      [{ index: 0, function: fn(undefined, 'th":"a.txt"}') }],
    ]);
    expect(calls).toEqual([{ id: 'call_1', name: 'read_file', argsText: '{"path":"a.txt"}' }]);
    expect(events).toEqual([
      { type: 'tool-call-start', id: 'call_1', name: 'read_file' },
      { type: 'tool-call-delta', id: 'call_1', argsDelta: '{"pa' },
      { type: 'tool-call-delta', id: 'call_1', argsDelta: 'th":"a.txt"}' },
    ]);
  });

  it('keeps parallel calls apart by index', () => {
    const { calls } = run([
      [{ index: 0, id: 'a', function: fn('read_file', '') }],
      [{ index: 1, id: 'b', function: fn('list_files', '') }],
      [{ index: 0, function: fn(undefined, '{"path":"x"}') }],
      [{ index: 1, function: fn(undefined, '{"path":"."}') }],
    ]);
    expect(calls).toEqual([
      { id: 'a', name: 'read_file', argsText: '{"path":"x"}' },
      { id: 'b', name: 'list_files', argsText: '{"path":"."}' },
    ]);
  });

  it('matches by id when every parallel call says index 0 (Ollama)', () => {
    const { calls } = run([
      [{ index: 0, id: 'call_a', function: fn('read_file', '{"path":"a"}') }],
      [{ index: 0, id: 'call_b', function: fn('read_file', '{"path":"b"}') }],
    ]);
    expect(calls.map((c) => [c.id, c.argsText])).toEqual([
      ['call_a', '{"path":"a"}'],
      ['call_b', '{"path":"b"}'],
    ]);
  });

  it('tolerates a missing index, matching by id', () => {
    const { calls } = run([
      [{ id: 'call_a', function: fn('read_file', '{"path":') }],
      [{ id: 'call_a', function: fn(undefined, '"a"}') }],
      [{ id: 'call_b', function: fn('list_files', '{}') }],
    ]);
    expect(calls).toEqual([
      { id: 'call_a', name: 'read_file', argsText: '{"path":"a"}' },
      { id: 'call_b', name: 'list_files', argsText: '{}' },
    ]);
  });

  it('tolerates neither id nor index: continuation of the last call', () => {
    const { calls } = run([[{ function: fn('read_file', '{"path":') }], [{ function: fn(undefined, '"a"}') }]]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'read_file', argsText: '{"path":"a"}' });
    expect(calls[0]!.id).toMatch(/^call_punie_/);
  });

  it('splits same-name calls with index 0 and no id once the first is complete', () => {
    const { calls } = run([[{ index: 0, function: fn('read_file', '{"path":"a"}') }], [{ index: 0, function: fn('read_file', '{"path":"b"}') }]]);
    expect(calls.map((c) => c.argsText)).toEqual(['{"path":"a"}', '{"path":"b"}']);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
  });

  it('takes a whole call in one delta, and several in one delta (mlx-lm)', () => {
    const { events, calls } = run([
      [
        { index: 0, id: 'x', type: 'function', function: fn('read_file', '{"path":"a"}') },
        { index: 1, id: 'y', type: 'function', function: fn('read_file', '{"path":"b"}') },
      ],
    ]);
    expect(calls.map((c) => c.id)).toEqual(['x', 'y']);
    expect(events.filter((e) => e.type === 'tool-call-start')).toHaveLength(2);
  });

  it('does not duplicate a name repeated on every delta', () => {
    const { calls } = run([
      [{ index: 0, id: 'c', function: fn('search_files', '{"q":') }],
      [{ index: 0, id: 'c', function: fn('search_files', '"x"}') }],
    ]);
    expect(calls).toEqual([{ id: 'c', name: 'search_files', argsText: '{"q":"x"}' }]);
  });

  it('accepts an id that arrives after the first delta', () => {
    const before = run([[{ index: 0, function: fn(undefined, '{"a":') }], [{ index: 0, id: 'late', function: fn('read_file', '1}') }]]);
    expect(before.calls).toEqual([{ id: 'late', name: 'read_file', argsText: '{"a":1}' }]);
    // Once started under an id of ours, the call keeps it so the trace stays consistent.
    const after = run([[{ index: 0, function: fn('read_file', '') }], [{ index: 0, id: 'late', function: fn(undefined, '{}') }]]);
    expect(after.calls).toHaveLength(1);
    expect(after.calls[0]).toMatchObject({ name: 'read_file', argsText: '{}' });
  });

  it('buffers arguments that arrive before the name, then starts with them', () => {
    const { events } = run([[{ index: 0, id: 'c', function: fn(undefined, '{"a":1}') }], [{ index: 0, function: fn('t', undefined) }]]);
    expect(events).toEqual([
      { type: 'tool-call-start', id: 'c', name: 't' },
      { type: 'tool-call-delta', id: 'c', argsDelta: '{"a":1}' },
    ]);
  });

  it('turns empty arguments into {} and object arguments into JSON text', () => {
    const { calls } = run([[{ index: 0, id: 'a', function: fn('list_files', '') }], [{ index: 1, id: 'b', function: { name: 'read_file', arguments: { path: 'x' } } }]]);
    expect(calls.map((c) => c.argsText)).toEqual(['{}', '{"path":"x"}']);
  });

  it('keeps invalid JSON arguments exactly as sent', () => {
    const { calls } = run([[{ index: 0, id: 'a', function: fn('read_file', '{"path": ') }]]);
    expect(calls[0]!.argsText).toBe('{"path": ');
  });

  it('gives a reused id a fresh one for the second call', () => {
    const { calls } = run([[{ index: 0, id: 'dup', function: fn('a', '{}') }], [{ index: 1, id: 'dup', function: fn('b', '{}') }]]);
    expect(calls.map((c) => c.name)).toEqual(['a', 'b']);
    expect(calls[0]!.id).toBe('dup');
    expect(calls[1]!.id).not.toBe('dup');
  });

  it('ignores junk entries and is bounded', () => {
    const junk = run([[null, 42, 'x', { index: -1 }]]);
    expect(junk.calls).toEqual([]);
    const many = Array.from({ length: MAX_TOOL_CALLS_PER_TURN + 10 }, (_, i) => [{ index: i, id: `c${i}`, function: fn('t', '{}') }]);
    expect(run(many).calls).toHaveLength(MAX_TOOL_CALLS_PER_TURN);
  });
});
