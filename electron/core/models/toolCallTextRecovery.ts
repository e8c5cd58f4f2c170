/**
 * Local models sometimes write a tool call into their text instead of the
 * structured field: `<tool_call>{"name": "read_file", "arguments": {...}}</tool_call>`
 * (Qwen/Hermes templates when the server's parser missed it). This filter
 * sits on the text stream, hides the tags, and hands the calls back as real
 * ones. Tags may be split across deltas; text that only might begin a tag is
 * held back until it is certain.
 */

export interface RecoveredCall {
  name: string;
  argsText: string;
}

export interface FilterOutput {
  /** Text that is safe to show now. */
  text: string;
  calls: readonly RecoveredCall[];
}

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';
/** A tag body longer than this is not a tool call; it is shown as text. */
const MAX_CALL_CHARS = 1_000_000;

/** Shared by every output of the fast path. */
const NO_CALLS: readonly RecoveredCall[] = Object.freeze([]);

export class ToolCallTextFilter {
  private buffer = '';
  private inside = false;

  /**
   * True when `delta` would come out of `push` unchanged with no calls:
   * nothing is held back and it has no '<', so no tag can begin in it. The
   * common case, on every token: a caller may then skip `push`.
   */
  passes(delta: string): boolean {
    return !this.inside && this.buffer === '' && !delta.includes('<');
  }

  push(delta: string): FilterOutput {
    if (this.passes(delta)) return { text: delta, calls: NO_CALLS };
    this.buffer += delta;
    const out = { text: '', calls: [] as RecoveredCall[] };
    for (let guard = 0; guard < 10_000; guard++) {
      if (!this.inside) {
        const at = this.buffer.indexOf(OPEN);
        if (at === -1) {
          const keep = partialSuffix(this.buffer, OPEN);
          out.text += this.buffer.slice(0, this.buffer.length - keep);
          this.buffer = this.buffer.slice(this.buffer.length - keep);
          return out;
        }
        out.text += this.buffer.slice(0, at);
        this.buffer = this.buffer.slice(at + OPEN.length);
        this.inside = true;
      } else {
        const end = this.buffer.indexOf(CLOSE);
        if (end === -1) {
          if (this.buffer.length > MAX_CALL_CHARS) {
            out.text += OPEN + this.buffer;
            this.buffer = '';
            this.inside = false;
          }
          return out;
        }
        const body = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + CLOSE.length);
        this.inside = false;
        const call = parseToolCallBody(body);
        if (call) out.calls.push(call);
        else out.text += OPEN + body + CLOSE;
      }
    }
    return out;
  }

  /** The end of the stream: a held-back prefix is text; an unclosed tag is a call when its body parses. */
  flush(): FilterOutput {
    const rest = this.buffer;
    this.buffer = '';
    if (!this.inside) return { text: rest, calls: [] };
    this.inside = false;
    const call = parseToolCallBody(rest);
    return call ? { text: '', calls: [call] } : { text: OPEN + rest, calls: [] };
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  const max = Math.min(text.length, tag.length - 1);
  for (let n = max; n > 0; n--) if (tag.startsWith(text.slice(text.length - n))) return n;
  return 0;
}

/**
 * Reads `{"name": …, "arguments": …}` (arguments an object or a JSON string;
 * `parameters` accepted too). Invalid JSON that still names a tool becomes a
 * call with the raw arguments, so the model gets a chance to fix them.
 */
export function parseToolCallBody(body: string): RecoveredCall | undefined {
  const text = body.trim();
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const v = value as Record<string, unknown>;
    if (typeof v.name !== 'string' || v.name === '') return undefined;
    const args = v.arguments ?? v.parameters ?? {};
    return { name: v.name, argsText: typeof args === 'string' ? args : JSON.stringify(args) };
  } catch {
    const name = /"name"\s*:\s*"([^"]{1,200})"/.exec(text)?.[1];
    if (name === undefined) return undefined;
    const argsAt = /"(?:arguments|parameters)"\s*:\s*/.exec(text);
    const raw = argsAt ? text.slice(argsAt.index + argsAt[0].length).replace(/\}\s*$/, '') : '{}';
    return { name, argsText: raw.trim() === '' ? '{}' : raw.trim() };
  }
}
