/**
 * Deterministic model-like output for the benchmarks: Markdown with
 * headings, lists, inline code and fenced code blocks, cut into token-sized
 * pieces (about four characters, leading spaces kept, newlines as their own
 * tokens) the way a model streams them. The same count always gives the
 * same tokens.
 */

const WORDS = (
  'the a of to and in is it that for this file function return value model server local answer error path ' +
  'write read run import export type module config build test stream token event render message state'
).split(' ');
const CODE = [
  ['const', ' result', ' =', ' await', ' read', 'File', '(', 'path', ',', " 'utf8'", ');'],
  ['if', ' (!', 'result', ')', ' throw', ' new', ' Error', '(', "'missing'", ');'],
  ['for', ' (const', ' line', ' of', ' text', '.split', "('\\n'", '))', ' count', '++;'],
  ['export', ' function', ' parse', '(', 'input', ':', ' string', ')', ' {'],
  ['  return', ' input', '.trim', '()', '.length', ' >', ' 0', ';'],
  ['}'],
];

/** A small LCG, so every run builds the same text. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s;
  };
}

/** Exactly `count` tokens of Markdown (a paragraph, a list, a code block, round and round). */
export function markdownTokens(count: number, seed = 42): string[] {
  const next = lcg(seed);
  const word = () => WORDS[next() % WORDS.length] as string;
  const out: string[] = [];
  const push = (...tokens: string[]) => {
    for (const t of tokens) if (out.length < count) out.push(t);
  };
  // Bounded: every pass adds at least one token until `count` is reached.
  for (let section = 0; out.length < count; section++) {
    push('##', ` ${word()}`, ` ${word()}`, '\n', '\n');
    for (let i = 0; i < 40; i++) push(i === 0 ? word() : i % 9 === 4 ? ` \`${word()}\`` : ` ${word()}`);
    push('.', '\n', '\n');
    for (let item = 0; item < 3; item++) push('-', ` **${word()}**`, ':', ` ${word()}`, ` ${word()}`, ` ${word()}`, '\n');
    push('\n', '```', 'ts', '\n');
    for (let line = 0; line < CODE.length; line++) push(...(CODE[(line + section) % CODE.length] as string[]), '\n');
    push('```', '\n', '\n');
  }
  return out;
}
