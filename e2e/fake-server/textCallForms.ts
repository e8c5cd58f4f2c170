/**
 * The exact text models write when a server does not parse their tool
 * calls, one sample per form, for a `read_file` call on notes.txt (and for
 * two parallel calls). Shared by the fake-server specs (streamed in small
 * pieces that split the tags anywhere) and the real llama-server suite
 * (forced with a GBNF grammar whose only sentence is the sample).
 *
 * The formats are the ones llama.cpp's templates render and its parsers
 * read (models/templates/, common/chat.cpp and common/parsers/).
 */

export interface TextCallForm {
  id: 'hermes' | 'qwen3-coder' | 'qwen3-coder-bare' | 'mistral' | 'mistral-list' | 'llama-json' | 'llama-python-tag';
  /** A single read_file call on notes.txt, after a short sentence where the form allows one. */
  one: string;
  /** Two calls (notes.txt, then todo.txt), in the form's way of writing several. */
  two: string;
}

const QWEN_CALL = (path: string) => `<tool_call>\n<function=read_file>\n<parameter=path>\n${path}\n</parameter>\n</function>\n</tool_call>`;
const HERMES_CALL = (path: string) => `<tool_call>\n{"name": "read_file", "arguments": {"path": "${path}"}}\n</tool_call>`;

export const TEXT_CALL_FORMS: readonly TextCallForm[] = [
  { id: 'hermes', one: `I will read the notes.\n${HERMES_CALL('notes.txt')}`, two: `${HERMES_CALL('notes.txt')}\n${HERMES_CALL('todo.txt')}` },
  { id: 'qwen3-coder', one: `I will read the notes.\n\n${QWEN_CALL('notes.txt')}`, two: `${QWEN_CALL('notes.txt')}\n${QWEN_CALL('todo.txt')}` },
  {
    id: 'qwen3-coder-bare',
    one: 'I will read the notes.\n<function=read_file>\n<parameter=path>\nnotes.txt\n</parameter>\n</function>\n</tool_call>',
    two: '<tool_call>\n<function=read_file>\n<parameter=path>\nnotes.txt\n</parameter>\n</function>\n<function=read_file>\n<parameter=path>\ntodo.txt\n</parameter>\n</function>\n</tool_call>',
  },
  {
    id: 'mistral',
    one: 'I will read the notes.[TOOL_CALLS]read_file[ARGS]{"path": "notes.txt"}',
    two: '[TOOL_CALLS]read_file[ARGS]{"path": "notes.txt"}[TOOL_CALLS]read_file[ARGS]{"path": "todo.txt"}',
  },
  {
    id: 'mistral-list',
    one: '[TOOL_CALLS][{"name": "read_file", "arguments": {"path": "notes.txt"}, "id": "a1b2c3d4e"}]',
    two: '[TOOL_CALLS][{"name": "read_file", "arguments": {"path": "notes.txt"}}, {"name": "read_file", "arguments": {"path": "todo.txt"}}]',
  },
  {
    id: 'llama-json',
    one: '{"name": "read_file", "parameters": {"path": "notes.txt"}}',
    two: '{"name": "read_file", "parameters": {"path": "notes.txt"}};\n{"name": "read_file", "parameters": {"path": "todo.txt"}}',
  },
  {
    id: 'llama-python-tag',
    one: '<|python_tag|>{"name": "read_file", "parameters": {"path": "notes.txt"}}',
    two: '<|python_tag|>{"name": "read_file", "parameters": {"path": "notes.txt"}}; {"name": "read_file", "parameters": {"path": "todo.txt"}}',
  },
];

/** Reasoning written inline, as Qwen3 and DeepSeek-R1 do on a server without a reasoning parser. */
export const THINK_TEXT = '<think>plan</think>Answer.';

/** Markup that must never reach the screen, stdout, history or `--json` text. */
export const MARKUP_PATTERN = /<\/?tool_call>|<\/?function|<\/?parameter|\[TOOL_CALLS\]|\[ARGS\]|<\|python_tag\|>|<\/?think>|"parameters":/;

/** `text` cut into pieces of 1 to `max` characters (seeded), so tags split anywhere. */
export function smallPieces(text: string, seed = 1, max = 4): string[] {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pieces: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(next() * max);
    pieces.push(text.slice(i, i + n));
    i += n;
  }
  return pieces;
}
