/**
 * The markers that may begin markup in a model's text, and matching them at
 * a position of text that is still arriving: a marker is there, is not
 * there, or may be there once more text comes (the text so far is a proper
 * prefix of it). Only that last case holds text back, and never for more
 * characters than the longest marker.
 */

export const TOOL_CALL_OPEN = '<tool_call>';
export const TOOL_CALL_CLOSE = '</tool_call>';
export const FUNCTION_OPEN = '<function=';
export const FUNCTION_CLOSE = '</function>';
export const THINK_OPEN = '<think>';
export const THINK_CLOSE = '</think>';
export const MISTRAL_CALLS = '[TOOL_CALLS]';
export const PYTHON_TAG = '<|python_tag|>';

export type MarkerKind = 'tool-call' | 'function' | 'think-open' | 'think-close' | 'tool-call-close' | 'mistral' | 'python-tag' | 'json-call';

/** A marker found: its kind and the index just after it (for `function`, after its `>`; for `json-call`, at its `{`). */
export interface MarkerHit {
  kind: MarkerKind;
  end: number;
  /** `function`: the name inside the tag. */
  name?: string;
}

export type MarkerMatch = MarkerHit | 'partial' | 'none';

const FIXED: Readonly<Record<Exclude<MarkerKind, 'function' | 'json-call'>, string>> = {
  'tool-call': TOOL_CALL_OPEN,
  'tool-call-close': TOOL_CALL_CLOSE,
  'think-open': THINK_OPEN,
  'think-close': THINK_CLOSE,
  mistral: MISTRAL_CALLS,
  'python-tag': PYTHON_TAG,
};

/** Longest text that may be held back waiting to see whether it begins a marker. */
export const MAX_MARKER_PREFIX = Math.max(...Object.values(FIXED).map((m) => m.length), FUNCTION_OPEN.length) + 1;

const NAME_CHAR = /[A-Za-z0-9_.:-]/;
const MAX_FUNCTION_NAME = 128;
/** White space allowed around `"name"` in `{ "name" :` before it stops looking like a call. */
const MAX_JSON_SPACE = 16;

/** Matches one fixed marker at `at`. */
function fixed(s: string, at: number, marker: string): 'hit' | 'partial' | 'none' {
  const left = s.length - at;
  if (left >= marker.length) return s.startsWith(marker, at) ? 'hit' : 'none';
  return marker.startsWith(s.slice(at)) ? 'partial' : 'none';
}

/** `<function=NAME>`: a hit once the name and `>` are there. */
function functionTag(s: string, at: number): MarkerMatch {
  const head = fixed(s, at, FUNCTION_OPEN);
  if (head !== 'hit') return head;
  let i = at + FUNCTION_OPEN.length;
  const nameStart = i;
  while (i < s.length && i - nameStart <= MAX_FUNCTION_NAME) {
    const c = s[i]!;
    if (c === '>') return i > nameStart ? { kind: 'function', end: i + 1, name: s.slice(nameStart, i) } : 'none';
    if (!NAME_CHAR.test(c)) return 'none';
    i++;
  }
  return i - nameStart > MAX_FUNCTION_NAME ? 'none' : 'partial';
}

/** `{ "name" :` — the start of a JSON call object. */
function jsonCall(s: string, at: number): MarkerMatch {
  if (s.charCodeAt(at) !== 0x7b) return 'none';
  let i = at + 1;
  const space = () => {
    const from = i;
    while (i < s.length && /\s/.test(s[i]!)) if (++i - from > MAX_JSON_SPACE) return false;
    return true;
  };
  if (!space()) return 'none';
  if (i >= s.length) return 'partial';
  const key = fixed(s, i, '"name"');
  if (key !== 'hit') return key;
  i += 6;
  if (!space()) return 'none';
  if (i >= s.length) return 'partial';
  return s[i] === ':' ? { kind: 'json-call', end: at } : 'none';
}

/**
 * The first of `kinds` found at `at`. `partial` when none is there yet but
 * one may be; `final` (the stream has ended) turns `partial` into `none`.
 */
export function matchMarker(s: string, at: number, kinds: readonly MarkerKind[], final: boolean): MarkerMatch {
  let partial = false;
  for (const kind of kinds) {
    let m: MarkerMatch;
    if (kind === 'function') m = functionTag(s, at);
    else if (kind === 'json-call') m = jsonCall(s, at);
    else {
      const f = fixed(s, at, FIXED[kind]);
      m = f === 'hit' ? { kind, end: at + FIXED[kind].length } : f;
    }
    if (typeof m === 'object') return m;
    if (m === 'partial') partial = true;
  }
  return partial && !final ? 'partial' : 'none';
}
