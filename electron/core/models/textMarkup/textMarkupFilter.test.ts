import { describe, expect, it } from 'vitest';
import { MAX_MARKER_PREFIX } from './markers';
import type { OfferedTool } from './textCallTypes';
import { describeNote, MAX_BLOCK_CHARS, TextMarkupFilter, type MarkupNote, type TextMarkupOptions } from './textMarkupFilter';

const TOOLS: OfferedTool[] = [
  { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' }, max_lines: { type: 'integer' } }, required: ['path'] } },
  { name: 'write_file', parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } } },
  {
    name: 'run_command',
    parameters: { type: 'object', properties: { command: { type: 'string' }, args: { type: 'array', items: { type: 'string' } }, background: { type: 'boolean' } } },
  },
];

interface Fed {
  text: string;
  reasoning: string;
  calls: { name: string; args: unknown }[];
  notes: MarkupNote[];
  /** Every text piece as it was handed out. */
  pieces: string[];
  /** Characters pushed but not yet handed out, after each push. */
  heldAfter: number[];
}

function feed(deltas: readonly string[], options: Partial<TextMarkupOptions> = {}): Fed {
  const f = new TextMarkupFilter({ tools: TOOLS, ...options });
  const r: Fed = { text: '', reasoning: '', calls: [], notes: [], pieces: [], heldAfter: [] };
  let pushed = 0;
  let out = 0;
  const take = (o: ReturnType<TextMarkupFilter['push']>) => {
    r.text += o.text;
    r.reasoning += o.reasoning;
    if (o.text) r.pieces.push(o.text);
    r.calls.push(...o.calls.map((c) => ({ name: c.name, args: JSON.parse(c.argsText) as unknown })));
    r.notes.push(...o.notes);
    out += o.text.length + o.reasoning.length;
  };
  for (const d of deltas) {
    pushed += d.length;
    if (f.passes(d)) take({ text: d, reasoning: '', calls: [], notes: [] });
    else take(f.push(d));
    r.heldAfter.push(pushed - out);
  }
  take(f.flush());
  return r;
}

/** A small seeded generator, so a failing split can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `text` cut into pieces of 1 to `max` characters. */
function randomPieces(text: string, seed: number, max = 6): string[] {
  const next = rng(seed);
  const pieces: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(next() * max);
    pieces.push(text.slice(i, i + n));
    i += n;
  }
  return pieces;
}

/** Feeds `text` split at every position into two pieces, and in 30 random splittings; every result must pass `check`. */
function everySplit(text: string, check: (r: Fed) => void, options: Partial<TextMarkupOptions> = {}): void {
  check(feed([text], options));
  for (let i = 1; i < text.length; i++) check(feed([text.slice(0, i), text.slice(i)], options));
  for (let seed = 1; seed <= 30; seed++) check(feed(randomPieces(text, seed), options));
  check(feed([...text], options));
}

const MARKUP = /<\/?tool_call>|<\/?function|<\/?parameter|\[TOOL_CALLS\]|\[ARGS\]|<\|python_tag\|>|<\/?think>/;

describe('TextMarkupFilter: plain answers', () => {
  it('passes plain text, code and angle brackets through unchanged, holding back no more than a marker prefix', () => {
    const answer =
      'Use `a < b` and x[0] <= y. In HTML write <div> or <tool>, and arrays like [1, 2].\n' +
      '```ts\nconst m = new Map<string, number>();\n<tool_call>{"name": "read_file", "arguments": {"path": "x"}}</tool_call>\n```\nDone {really}.';
    everySplit(answer, (r) => {
      expect(r.text).toBe(answer);
      expect(r.calls).toEqual([]);
      expect(r.notes).toEqual([]);
      for (const held of r.heldAfter) expect(held).toBeLessThanOrEqual(MAX_MARKER_PREFIX);
    });
  });

  it('takes the fast path for ordinary tokens in the middle of a line', () => {
    const f = new TextMarkupFilter({ tools: TOOLS });
    f.push('Hello');
    expect(f.passes(' world')).toBe(true);
    expect(f.passes(' <b>')).toBe(false);
    expect(f.passes('\n')).toBe(false);
  });

  it('keeps a JSON answer that is not a call as text', () => {
    const json = '{"name": "Ada", "age": 36}\nThat is the record.';
    everySplit(json, (r) => expect(r).toMatchObject({ text: json, calls: [], notes: [] }));
    everySplit('{"a": 1}', (r) => expect(r).toMatchObject({ text: '{"a": 1}', calls: [] }));
  });
});

describe('TextMarkupFilter: Hermes / Qwen 2.5', () => {
  const CALL = '<tool_call>\n{"name": "read_file", "arguments": {"path": "notes.md"}}\n</tool_call>';

  it('recovers a call after text, whatever the split, never showing markup', () => {
    everySplit(`Let me look.\n${CALL}\n`, (r) => {
      expect(r.text).toBe('Let me look.\n');
      expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'notes.md' } }]);
      for (const p of r.pieces) expect(p).not.toMatch(MARKUP);
    });
  });

  it('reads "parameters" and arguments given as a JSON string', () => {
    const r = feed(['<tool_call>{"name": "read_file", "parameters": {"path": "a"}}</tool_call>\n<tool_call>{"name": "read_file", "arguments": "{\\"path\\": \\"b\\"}"}</tool_call>']);
    expect(r.calls).toEqual([
      { name: 'read_file', args: { path: 'a' } },
      { name: 'read_file', args: { path: 'b' } },
    ]);
    expect(r.text).toBe('');
  });

  it('keeps a closing tag inside a string argument as part of the call', () => {
    const r = feed(['<tool_call>{"name": "write_file", "arguments": {"path": "x.md", "content": "a </tool_call> b"}}</tool_call>']);
    expect(r.calls).toEqual([{ name: 'write_file', args: { path: 'x.md', content: 'a </tool_call> b' } }]);
  });
});

describe('TextMarkupFilter: Qwen3-Coder XML', () => {
  const XML =
    '<tool_call>\n<function=write_file>\n<parameter=path>\nsrc/a.ts\n</parameter>\n<parameter=content>\nline 1\n  line 2 </parameter> not closing\n\n</parameter>\n</function>\n</tool_call>';

  it('recovers a call with a multi-line value kept verbatim, whatever the split', () => {
    everySplit(`I will write it.\n\n${XML}`, (r) => {
      expect(r.text).toBe('I will write it.\n\n');
      expect(r.calls).toEqual([{ name: 'write_file', args: { path: 'src/a.ts', content: 'line 1\n  line 2 </parameter> not closing\n' } }]);
      expect(r.notes).toEqual([]);
      for (const p of r.pieces) expect(p).not.toMatch(MARKUP);
    });
  });

  it('types values by the schema: integers, booleans and arrays; text stays text', () => {
    const r = feed([
      '<tool_call>\n<function=read_file>\n<parameter=path>\n42\n</parameter>\n<parameter=max_lines>\n10\n</parameter>\n</function>\n</tool_call>\n' +
        '<tool_call>\n<function=run_command>\n<parameter=command>\nnpm\n</parameter>\n<parameter=args>\n["test", "--", "-u"]\n</parameter>\n<parameter=background>\nFalse\n</parameter>\n</function>\n</tool_call>',
    ]);
    expect(r.calls).toEqual([
      { name: 'read_file', args: { path: '42', max_lines: 10 } },
      { name: 'run_command', args: { command: 'npm', args: ['test', '--', '-u'], background: false } },
    ]);
  });

  it('reads several functions in one <tool_call> as parallel calls, in order', () => {
    const r = feed([
      '<tool_call>\n<function=read_file>\n<parameter=path>\na\n</parameter>\n</function>\n<function=read_file>\n<parameter=path>\nb\n</parameter>\n</function>\n</tool_call>',
    ]);
    expect(r.calls.map((c) => c.args)).toEqual([{ path: 'a' }, { path: 'b' }]);
  });

  it('recovers a function written without <tool_call>, and drops its stray closing tag', () => {
    everySplit('Reading.\n<function=read_file>\n<parameter=path>\nnotes.txt\n</parameter>\n</function>\n</tool_call>\n', (r) => {
      expect(r.text).toBe('Reading.\n');
      expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'notes.txt' } }]);
    });
  });

  it('reads a call left open at the end of the stream', () => {
    const r = feed(['<tool_call>\n<function=read_file>\n<parameter=path>\nx\n</parameter>\n']);
    expect(r).toMatchObject({ text: '', calls: [{ name: 'read_file', args: { path: 'x' } }] });
  });
});

describe('TextMarkupFilter: Mistral / Devstral', () => {
  it('recovers NAME[ARGS]{…} calls, each after its own [TOOL_CALLS], even mid-line', () => {
    everySplit('Checking.[TOOL_CALLS]read_file[ARGS]{"path": "a [b]"}[TOOL_CALLS]read_file[ARGS]{"path": "c"}', (r) => {
      expect(r.text).toBe('Checking.');
      expect(r.calls).toEqual([
        { name: 'read_file', args: { path: 'a [b]' } },
        { name: 'read_file', args: { path: 'c' } },
      ]);
      for (const p of r.pieces) expect(p).not.toMatch(MARKUP);
    });
  });

  it('recovers the [CALL_ID] form and the JSON-list form', () => {
    expect(feed(['[TOOL_CALLS]read_file[CALL_ID]a1b2c3d4e[ARGS]{"path": "x"}']).calls).toEqual([{ name: 'read_file', args: { path: 'x' } }]);
    everySplit('[TOOL_CALLS][{"name": "read_file", "arguments": {"path": "x"}, "id": "abc123def"}, {"name": "write_file", "arguments": {"path": "y", "content": "]"}}]', (r) => {
      expect(r.calls).toEqual([
        { name: 'read_file', args: { path: 'x' } },
        { name: 'write_file', args: { path: 'y', content: ']' } },
      ]);
      expect(r.text).toBe('');
    });
  });
});

describe('TextMarkupFilter: Llama 3.x', () => {
  it('recovers a message that is nothing but a JSON call', () => {
    everySplit('{"name": "read_file", "parameters": {"path": "notes.txt"}}', (r) => {
      expect(r).toMatchObject({ text: '', calls: [{ name: 'read_file', args: { path: 'notes.txt' } }], notes: [] });
    });
  });

  it('recovers several JSON calls separated by ; or new lines', () => {
    everySplit('\n{"name": "read_file", "parameters": {"path": "a"}};\n{"name": "read_file", "parameters": {"path": "b"}}\n', (r) => {
      expect(r.calls.map((c) => c.args)).toEqual([{ path: 'a' }, { path: 'b' }]);
      expect(r.text).toBe('\n');
    });
  });

  it('recovers a call after <|python_tag|>', () => {
    everySplit('<|python_tag|>{"name": "read_file", "parameters": {"path": "a"}}', (r) => {
      expect(r).toMatchObject({ text: '', calls: [{ name: 'read_file', args: { path: 'a' } }] });
    });
  });

  it('keeps a JSON call followed by prose as text: it is not the whole message', () => {
    const text = '{"name": "read_file", "parameters": {"path": "a"}}\nThis is how a call looks.';
    everySplit(text, (r) => expect(r).toMatchObject({ text, calls: [], notes: [] }));
  });
});

describe('TextMarkupFilter: reasoning', () => {
  it('separates a leading <think> block from the answer, whatever the split', () => {
    everySplit('<think>\nplan the <b> step\n</think>\n\nAnswer.', (r) => {
      expect(r.reasoning).toBe('plan the <b> step\n');
      expect(r.text).toBe('Answer.');
    });
    everySplit('<think>plan</think>Answer.', (r) => expect(r).toMatchObject({ reasoning: 'plan', text: 'Answer.' }));
  });

  it('reads a stream that begins inside the block when the template opened it', () => {
    everySplit('plan</think>\n\nAnswer.', (r) => expect(r).toMatchObject({ reasoning: 'plan', text: 'Answer.' }), { startsInReasoning: true });
    everySplit('<think>\nplan\n</think>\nAnswer.', (r) => expect(r).toMatchObject({ reasoning: 'plan\n', text: 'Answer.' }), { startsInReasoning: true });
  });

  it('gives the text again as the answer when a block the prompt opened never closes', () => {
    everySplit('Just the answer, no reasoning.', (r) => expect(r).toMatchObject({ text: 'Just the answer, no reasoning.' }), { startsInReasoning: true });
    const r = feed(['Just ', 'the answer.'], { startsInReasoning: true });
    expect(r.reasoning).toBe('Just the answer.');
    expect(r.text).toBe('Just the answer.');
  });

  it('reads content as the answer when the server already separated the reasoning', () => {
    const f = new TextMarkupFilter({ tools: TOOLS, startsInReasoning: true });
    f.serverSeparatesReasoning();
    expect(f.push('Answer.').text).toBe('Answer.');
  });

  it('ends the reasoning at a tool call that begins a line inside it (Qwen3)', () => {
    everySplit('<think>I should read it.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}}\n</tool_call>', (r) => {
      expect(r.reasoning).toBe('I should read it.\n');
      expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'a' } }]);
      expect(r.text).toBe('');
    });
  });

  it('recovers a Llama JSON call after the reasoning', () => {
    const r = feed(['<think>x</think>\n{"name": "read_file", "parameters": {"path": "a"}}']);
    expect(r).toMatchObject({ reasoning: 'x', text: '', calls: [{ name: 'read_file' }] });
  });

  it('treats <think> later in the answer as text, and drops a stray closing tag', () => {
    expect(feed(['Say <think> to think.'])).toMatchObject({ text: 'Say <think> to think.', reasoning: '' });
    expect(feed(['thought</think>\n\nAnswer.'])).toMatchObject({ text: 'thoughtAnswer.' });
  });
});

describe('TextMarkupFilter: what stays text', () => {
  it('never recovers a call from a fenced code block or an inline code span, and says nothing about it', () => {
    const text =
      'Write it like this:\n\n```xml\n<tool_call>\n<function=read_file>\n<parameter=path>\na\n</parameter>\n</function>\n</tool_call>\n```\n' +
      'or inline: `[TOOL_CALLS]read_file[ARGS]{"path": "a"}` and `<|python_tag|>{"name": "read_file"}`.\n~~~\n<tool_call>{"name": "read_file", "arguments": {}}</tool_call>\n~~~\n';
    everySplit(text, (r) => expect(r).toMatchObject({ text, calls: [], notes: [] }));
  });

  it('keeps <tool_call> in the middle of a sentence as text, without a note', () => {
    const text = 'The model writes <tool_call>{"name": "read_file", "arguments": {}}</tool_call> when it wants a tool.';
    everySplit(text, (r) => expect(r).toMatchObject({ text, calls: [], notes: [] }));
    const unknown = 'Write <tool_call>{"name": "frobnicate"}</tool_call> to frobnicate.';
    everySplit(unknown, (r) => expect(r).toMatchObject({ text: unknown, calls: [], notes: [] }));
  });

  it('recovers a <tool_call> after text on its line when the answer ends with it', () => {
    everySplit('Let me read it.<tool_call>{"name": "read_file", "arguments": {"path": "a"}}</tool_call>\n', (r) => {
      expect(r).toMatchObject({ text: 'Let me read it.', calls: [{ name: 'read_file', args: { path: 'a' } }], notes: [] });
    });
  });

  it('shows a call to a tool that was not offered as text, with a note', () => {
    const call = '<tool_call>\n<function=delete_everything>\n<parameter=path>\n/\n</parameter>\n</function>\n</tool_call>';
    everySplit(`Here.\n${call}`, (r) => {
      expect(r.text).toBe(`Here.\n${call}`);
      expect(r.calls).toEqual([]);
      expect(r.notes).toHaveLength(1);
      expect(r.notes[0]).toMatchObject({ form: 'qwen3-coder' });
      expect(r.notes[0]!.reason).toContain('"delete_everything", which is not one of the tools offered (read_file, write_file, run_command)');
    });
  });

  it('shows a call whose arguments do not parse as text, with a note, and goes on reading', () => {
    const bad = '<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}\n</tool_call>';
    const r = feed([`${bad}\nThen.\n<tool_call>{"name": "read_file", "arguments": {"path": "b"}}</tool_call>`]);
    expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'b' } }]);
    expect(r.text).toBe(`${bad}\nThen.\n`);
    expect(r.notes.map((n) => n.reason)).toEqual(['its JSON does not parse']);
  });

  it('notes Mistral and Llama candidates that name unknown tools', () => {
    const mistral = feed(['[TOOL_CALLS]rm_rf[ARGS]{"path": "/"}']);
    expect(mistral).toMatchObject({ text: '[TOOL_CALLS]rm_rf[ARGS]{"path": "/"}', calls: [] });
    expect(mistral.notes[0]!.reason).toContain('"rm_rf"');
    const llama = feed(['{"name": "rm_rf", "parameters": {}}']);
    expect(llama).toMatchObject({ text: '{"name": "rm_rf", "parameters": {}}', calls: [] });
    expect(describeNote(llama.notes[0]!)).toMatch(/^A tool call written as text \(JSON tool call\) was not run and is shown as text: it calls "rm_rf"/);
  });

  it('makes a note inert in a terminal: no escape sequences from the model get through', () => {
    const r = feed(['[TOOL_CALLS]evil\u001b]0;pwned\u0007[ARGS]{}']);
    expect(r.notes).toHaveLength(1);
    expect(describeNote(r.notes[0]!)).not.toMatch(/[\u0000-\u001f]/);
  });

  it('rejects every call when no tools were offered', () => {
    const r = feed(['<tool_call>{"name": "read_file", "arguments": {}}</tool_call>'], { tools: [] });
    expect(r.calls).toEqual([]);
    expect(r.notes[0]!.reason).toContain('no tools were offered');
  });

  it('shows a <tool_call> holding neither JSON nor XML as text, and an unclosed one that does not parse', () => {
    const closed = feed(['<tool_call>hello</tool_call>']);
    expect(closed).toMatchObject({ text: '<tool_call>hello</tool_call>', calls: [] });
    expect(closed.notes[0]!.reason).toBe('it holds neither JSON nor <function=…>');
    const open = feed(['<tool_call>just words']);
    expect(open).toMatchObject({ text: '<tool_call>just words', calls: [] });
    expect(open.notes[0]!.reason).toContain('not closed before the answer ended');
    expect(feed(['x\n<tool_ca']).text).toBe('x\n<tool_ca');
  });

  it('shows an endless block as text once it passes the bound', () => {
    const f = new TextMarkupFilter({ tools: TOOLS });
    let text = f.push('<tool_call>{"name": "write_file", "arguments": {"content": "').text;
    const chunk = 'x'.repeat(100_000);
    const notes: MarkupNote[] = [];
    for (let i = 0; i * chunk.length <= MAX_BLOCK_CHARS; i++) {
      const o = f.push(chunk);
      text += o.text;
      notes.push(...o.notes);
    }
    expect(text.startsWith('<tool_call>{"name"')).toBe(true);
    expect(notes[0]!.reason).toContain('without an end');
    expect(f.push('more').text).toBe('more');
  });
});
