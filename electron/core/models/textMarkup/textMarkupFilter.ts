import { clipText, oneLine } from '../../../../shared/text';
import { parseJsonCall, parseMistralCall } from './jsonCallForms';
import { JsonExtent } from './jsonExtent';
import { LineState } from './lineState';
import { FUNCTION_CLOSE, FUNCTION_OPEN, matchMarker, TOOL_CALL_CLOSE, type MarkerHit, type MarkerKind } from './markers';
import { parseQwenXmlCalls } from './qwenXmlCall';
import { FORM_LABELS, type CandidateParse, type MarkupForm, type OfferedTool, type TextCall } from './textCallTypes';

/**
 * The text-markup stage: a pure filter over a turn's text deltas that takes
 * out what models write as markup instead of using the server's structured
 * fields, so it never reaches the screen, stdout, history or `--json`:
 *
 * - reasoning in `<think>…</think>` at the start of the answer (or from the
 *   start, without the opening tag, when the template opened it in the
 *   prompt) comes out as reasoning;
 * - tool calls come out as calls: `<tool_call>` with JSON (Hermes, Qwen 2.5)
 *   or Qwen3-Coder XML, a bare Qwen3-Coder `<function=…>`, Mistral's
 *   `[TOOL_CALLS]` (both forms), Llama's `<|python_tag|>` and a message that
 *   is nothing but JSON calls.
 *
 * A call counts only outside code (a fenced block or an inline code span);
 * `<tool_call>` where it begins a line, or after text on its line when
 * nothing but calls follows it to the end (a call that ends the answer, not
 * one shown in a sentence); a bare `<function=` only where it begins a line;
 * a bare JSON call only as the whole message. A candidate whose tool was not offered or
 * whose arguments do not parse stays text, with a note saying why.
 *
 * Text that may begin a marker is held back until it is known, never more
 * than a marker's length (about a dozen characters) of a plain answer. Once
 * a marker is seen, the markup is held until it ends (bounded).
 */

export interface TextMarkupOptions {
  /** The tools offered in this request (names and schemas); calls to others stay text. */
  tools: readonly OfferedTool[];
  /**
   * The model's template opens `<think>` in the prompt: the stream begins
   * inside the reasoning. Should it end without `</think>`, what was shown
   * as reasoning is given again as the answer, so an answer is never lost to
   * a guess about the template.
   */
  startsInReasoning?: boolean;
}

/** Why a candidate stayed text. */
export interface MarkupNote {
  form: MarkupForm;
  reason: string;
  /** The candidate's first characters, on one line. */
  excerpt: string;
}

export interface MarkupOutput {
  reasoning: string;
  text: string;
  calls: TextCall[];
  notes: MarkupNote[];
}

/** A markup block larger than this is not a call: it is shown as text. */
export const MAX_BLOCK_CHARS = 1_000_000;
/** Text between `[TOOL_CALLS]` and its `[ARGS]` (the tool's name). */
const MAX_MISTRAL_HEAD = 300;

type BlockKind = 'tool-call' | 'function' | 'mistral' | 'python-tag' | 'json-call';

interface Block {
  kind: BlockKind;
  /** A call only if nothing but calls follows it (a JSON message, a `<tool_call>` after text on its line). */
  mustEnd: boolean;
  /** The markup that opened it, shown again if the block turns out to be text. */
  opener: string;
  body: string;
  /** Where the next search for a closing tag starts in `body`. */
  searchFrom: number;
  /** JSON forms: the scanner and where in `body` the JSON begins (-1: not yet found). */
  json?: JsonExtent;
  jsonAt: number;
  scanned: number;
}

const FORM_OF: Readonly<Record<Exclude<BlockKind, 'tool-call'>, MarkupForm>> = {
  function: 'qwen3-coder',
  mistral: 'mistral',
  'python-tag': 'python-tag',
  'json-call': 'llama-json',
};

const NO_KINDS: readonly MarkerKind[] = [];
const MISTRAL_KINDS: readonly MarkerKind[] = ['mistral'];
const JSON_KINDS: readonly MarkerKind[] = ['json-call'];

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/**
 * True when `s` has a character that may matter to markup in the middle of
 * a line of an answer already under way: `<`, `[`, a backtick or a newline.
 */
function hasSpecial(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3c || c === 0x5b || c === 0x60 || c === 0x0a) return true;
  }
  return false;
}

export class TextMarkupFilter {
  private readonly tools: readonly OfferedTool[];
  private readonly lines = new LineState();
  private mode: 'text' | 'reasoning' | 'block';
  /** Text that may begin a marker, waiting for more. */
  private held = '';
  private block: Block | undefined;
  /** A `<think>` may still open (nothing but white space shown, no reasoning block yet). */
  private thinkAllowed = true;
  /** In reasoning: nothing but white space yet (leading white space is dropped). */
  private reasoningBlank = true;
  /** In reasoning: at the start of a line. */
  private reasoningLineStart = true;
  /** Just after markup that ended (a call, `</think>`): white space is dropped. */
  private dropSpace = false;
  /** The last call was a bare `<function=…>`: a stray `</tool_call>` after it is markup. */
  private afterFunction = false;
  /** The last call was JSON (Llama): `;` between calls is markup, and another JSON call may follow. */
  private afterJsonCall = false;
  /** JSON calls that are the message so far: calls if nothing but more calls follows. */
  private tentative: { raw: string; calls: TextCall[]; notes: MarkupNote[] } | undefined;
  /** Reasoning shown while inside a block the prompt opened (kept until `</think>` proves it was reasoning). */
  private implicit: string[] | undefined;

  constructor(options: TextMarkupOptions) {
    this.tools = options.tools;
    this.mode = options.startsInReasoning ? 'reasoning' : 'text';
    if (options.startsInReasoning) {
      this.thinkAllowed = false;
      this.implicit = [];
    }
  }

  /**
   * The server sent reasoning in its own field before any content: it
   * separates reasoning itself, so content is the answer even for a model
   * whose template opens `<think>` in the prompt.
   */
  serverSeparatesReasoning(): void {
    if (this.implicit && this.implicit.length === 0 && this.held === '' && this.mode === 'reasoning') {
      this.mode = 'text';
      this.implicit = undefined;
      this.thinkAllowed = true;
    }
  }

  /**
   * True when `delta` would come out of `push` as the same text and nothing
   * else: the common case, checked on every token, so a caller may skip
   * `push` (and its allocation) and show the delta as it is.
   */
  passes(delta: string): boolean {
    if (this.mode !== 'text' || this.held !== '' || this.dropSpace || this.tentative || !this.lines.settled) return false;
    return !hasSpecial(delta);
  }

  push(delta: string): MarkupOutput {
    const out: MarkupOutput = { reasoning: '', text: '', calls: [], notes: [] };
    if (this.passes(delta)) {
      out.text = delta;
      return out;
    }
    this.run(this.held + delta, out, false);
    return out;
  }

  /** The end of the stream: held text is decided, an open block is read as it stands, JSON calls that ended the message are calls. */
  flush(): MarkupOutput {
    const out: MarkupOutput = { reasoning: '', text: '', calls: [], notes: [] };
    this.run(this.held, out, true);
    if (this.mode === 'reasoning' && this.implicit) {
      // The block the prompt opened never closed: it was the answer after all.
      out.text += this.implicit.join('') + out.reasoning;
      out.reasoning = '';
      this.implicit = undefined;
    }
    if (this.block) this.endBlock(this.block.body, '', out, true);
    if (this.tentative) this.settleTentative(out);
    return out;
  }

  private run(s: string, out: MarkupOutput, final: boolean): void {
    this.held = '';
    let i = 0;
    // Each step consumes at least one character, holds the rest, or ends a block; bounded by the text's length.
    for (let guard = 0; i < s.length && guard <= s.length + 8; guard++) {
      if (this.mode === 'text') i = this.text(s, i, out, final);
      else if (this.mode === 'reasoning') i = this.reasoning(s, i, out, final);
      else i = this.blockText(s, i, out);
    }
  }

  /** Which markers may begin at a character here. */
  private candidates(c: number): readonly MarkerKind[] {
    if (this.lines.inFence) return NO_KINDS;
    if (c === 0x3c) {
      const kinds: MarkerKind[] = [];
      if (this.lines.messageBlank && this.thinkAllowed) kinds.push('think-open');
      if (this.lines.inCode) return kinds;
      kinds.push('think-close', 'python-tag', 'tool-call');
      if (this.lines.lineBlank) kinds.push('function');
      if (this.dropSpace && this.afterFunction) kinds.push('tool-call-close');
      return kinds;
    }
    if (this.lines.inCode) return NO_KINDS;
    if (c === 0x5b) return MISTRAL_KINDS;
    if (c === 0x7b && (this.lines.messageBlank || this.tentative || (this.dropSpace && this.afterJsonCall))) return JSON_KINDS;
    return NO_KINDS;
  }

  private text(s: string, start: number, out: MarkupOutput, final: boolean): number {
    let from = start;
    let i = start;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (this.tentative && (isSpace(c) || c === 0x3b)) {
        this.tentative.raw += s[i];
        i++;
        from = i;
        continue;
      }
      if (this.dropSpace && (isSpace(c) || (c === 0x3b && this.afterJsonCall))) {
        out.text += s.slice(from, i);
        i++;
        from = i;
        continue;
      }
      const kinds = c === 0x3c || c === 0x5b || c === 0x7b ? this.candidates(c) : NO_KINDS;
      if (kinds.length > 0) {
        const m = matchMarker(s, i, kinds, final);
        if (m === 'partial') {
          out.text += s.slice(from, i);
          this.held = s.slice(i);
          return s.length;
        }
        if (m !== 'none') {
          out.text += s.slice(from, i);
          return this.marker(m, s, i, out);
        }
      }
      if (this.tentative) this.releaseTentative(out);
      this.dropSpace = false;
      this.afterFunction = false;
      this.afterJsonCall = false;
      this.lines.char(c);
      i++;
    }
    out.text += s.slice(from, i);
    return i;
  }

  /** Acts on a marker found at `at` in text; returns where to go on. */
  private marker(m: MarkerHit, s: string, at: number, out: MarkupOutput): number {
    switch (m.kind) {
      case 'think-open':
        this.mode = 'reasoning';
        this.thinkAllowed = false;
        this.reasoningBlank = true;
        this.reasoningLineStart = true;
        return m.end;
      case 'think-close':
      case 'tool-call-close':
        // A stray closing tag (reasoning whose opening tag was in the prompt; a bare function's close): markup, dropped.
        this.dropSpace = true;
        return m.end;
      default:
        if (this.tentative && m.kind !== 'json-call' && m.kind !== 'python-tag' && m.kind !== 'tool-call') this.releaseTentative(out);
        this.openBlock(m.kind as BlockKind, s.slice(at, m.end), m.kind === 'json-call' || (m.kind === 'tool-call' && !this.lines.lineBlank));
        return m.end;
    }
  }

  private openBlock(kind: BlockKind, opener: string, mustEnd = false): void {
    this.mode = 'block';
    this.thinkAllowed = false;
    this.dropSpace = false;
    this.afterFunction = false;
    this.afterJsonCall = false;
    this.block = { kind, mustEnd, opener, body: '', searchFrom: 0, jsonAt: kind === 'json-call' ? 0 : -1, scanned: 0 };
    if (kind === 'json-call') this.block.json = new JsonExtent();
  }

  private reasoning(s: string, start: number, out: MarkupOutput, final: boolean): number {
    const before = out.reasoning.length;
    const next = this.reasoningText(s, start, out, final);
    if (this.implicit) {
      if (this.mode === 'reasoning') {
        if (!final && out.reasoning.length > before) this.implicit.push(out.reasoning.slice(before));
      } else this.implicit = undefined; // closed: it was reasoning
    }
    return next;
  }

  private reasoningText(s: string, start: number, out: MarkupOutput, final: boolean): number {
    let from = start;
    let i = start;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (this.reasoningBlank && isSpace(c)) {
        i++;
        from = i;
        continue;
      }
      if (c === 0x3c) {
        const kinds: MarkerKind[] = ['think-close'];
        if (this.reasoningLineStart) kinds.push('tool-call');
        if (this.reasoningBlank) kinds.push('think-open');
        const m = matchMarker(s, i, kinds, final);
        if (m === 'partial') {
          out.reasoning += s.slice(from, i);
          this.held = s.slice(i);
          return s.length;
        }
        if (m !== 'none') {
          out.reasoning += s.slice(from, i);
          if (m.kind === 'think-open') return m.end; // the tag repeated after a template opened it
          this.mode = 'text';
          this.lines.breakLine();
          if (m.kind === 'think-close') {
            this.dropSpace = true;
            return m.end;
          }
          // A call begins before the reasoning was closed (Qwen3 does this): the reasoning ends there.
          this.openBlock('tool-call', s.slice(i, m.end));
          return m.end;
        }
      }
      this.reasoningBlank = false;
      this.reasoningLineStart = c === 0x0a || (this.reasoningLineStart && isSpace(c));
      i++;
    }
    out.reasoning += s.slice(from, i);
    return i;
  }

  /** Feeds text to the open block; returns where the text after the block begins (or the end). */
  private blockText(s: string, start: number, out: MarkupOutput): number {
    const block = this.block!;
    const before = block.body.length;
    block.body += start === 0 ? s : s.slice(start);
    const end = this.findEnd(block);
    if (end === undefined) {
      if (block.body.length > MAX_BLOCK_CHARS) this.reject(block, block.body, '', `it grew past ${MAX_BLOCK_CHARS.toLocaleString('en-US')} characters without an end`, out);
      return s.length;
    }
    if (end === 'invalid') {
      this.reject(block, block.body, '', this.invalidReason(block), out);
      return s.length;
    }
    const content = block.body.slice(0, end.contentEnd);
    const close = block.body.slice(end.contentEnd, end.after);
    this.endBlock(content, close, out, false);
    // What came after the block's end in this text is read again as text.
    return start + (end.after - before);
  }

  /** Where the block ends in its body, undefined when not yet, 'invalid' when it cannot be what it looked like. */
  private findEnd(b: Block): { contentEnd: number; after: number } | 'invalid' | undefined {
    switch (b.kind) {
      case 'tool-call':
        return this.findClose(b, TOOL_CALL_CLOSE, (content) => bodyComplete(content));
      case 'function':
        return this.findClose(b, FUNCTION_CLOSE, () => true);
      case 'mistral':
        if (b.jsonAt === -1) {
          const first = firstNonSpace(b.body, 0);
          if (first === -1) return undefined;
          const c = b.body[first];
          if (c === '[' || c === '{') b.jsonAt = first;
          else {
            const args = b.body.indexOf('[ARGS]', Math.max(0, b.searchFrom));
            if (args === -1) {
              b.searchFrom = Math.max(0, b.body.length - 5);
              return b.body.length > MAX_MISTRAL_HEAD ? 'invalid' : undefined;
            }
            const json = firstNonSpace(b.body, args + 6);
            if (json === -1) return undefined;
            b.jsonAt = json;
          }
        }
        return this.findJsonEnd(b);
      case 'python-tag':
        if (b.jsonAt === -1) {
          const first = firstNonSpace(b.body, 0);
          if (first === -1) return undefined;
          if (b.body[first] !== '{') {
            // Not a JSON call (a built-in tool's Python, say): up to the end of the line, then text.
            const eol = b.body.indexOf('\n', first);
            return eol === -1 ? undefined : { contentEnd: eol, after: eol };
          }
          b.jsonAt = first;
        }
        return this.findJsonEnd(b);
      case 'json-call':
        return this.findJsonEnd(b);
    }
  }

  private findClose(b: Block, tag: string, complete: (content: string) => boolean): { contentEnd: number; after: number } | undefined {
    for (;;) {
      const at = b.body.indexOf(tag, b.searchFrom);
      if (at === -1) {
        b.searchFrom = Math.max(b.searchFrom, b.body.length - tag.length + 1);
        return undefined;
      }
      b.searchFrom = at + 1;
      if (complete(b.body.slice(0, at))) return { contentEnd: at, after: at + tag.length };
    }
  }

  private findJsonEnd(b: Block): { contentEnd: number; after: number } | 'invalid' | undefined {
    b.json ??= new JsonExtent();
    const from = Math.max(b.scanned, b.jsonAt);
    const end = b.json.feed(b.body, from);
    b.scanned = b.body.length;
    if (end === -2) return 'invalid';
    if (end === -1) return undefined;
    return { contentEnd: end, after: end };
  }

  private invalidReason(b: Block): string {
    if (b.kind === 'mistral') return 'no [ARGS] with JSON arguments follows it';
    return 'its arguments are not JSON';
  }

  /** A block ended (or the stream did): read it, and keep its calls or show it as text. */
  private endBlock(content: string, close: string, out: MarkupOutput, final: boolean): void {
    const b = this.block!;
    let parsed: CandidateParse;
    let form: MarkupForm;
    if (b.kind === 'tool-call') {
      const body = content.trim();
      form = body.startsWith('<function=') ? 'qwen3-coder' : 'hermes';
      parsed =
        form === 'qwen3-coder'
          ? parseQwenXmlCalls(body, this.tools)
          : body.startsWith('{')
            ? parseJsonCall(body, this.tools)
            : { ok: false, reason: 'it holds neither JSON nor <function=…>' };
    } else {
      form = FORM_OF[b.kind];
      if (b.kind === 'function') parsed = parseQwenXmlCalls(`${b.opener}${content}${FUNCTION_CLOSE}`, this.tools);
      else if (b.kind === 'mistral') parsed = parseMistralCall(content, this.tools);
      else if (b.kind === 'python-tag' && b.jsonAt === -1) parsed = { ok: false, reason: 'what follows it is not a JSON call' };
      else parsed = parseJsonCall(content, this.tools);
    }
    if (!parsed.ok && final && close === '' && b.kind !== 'json-call') parsed = { ok: false, reason: `${parsed.reason}, and it was not closed before the answer ended` };
    if (!parsed.ok && b.mustEnd) {
      // JSON that names no offered tool may be an answer in JSON, a tag after text may be prose: a note only if it ends the message.
      this.block = undefined;
      this.mode = 'text';
      this.dropSpace = false;
      const raw = b.opener + content + close;
      const note = { form, reason: parsed.reason, excerpt: excerpt(raw) };
      if (this.tentative) {
        this.tentative.raw += raw;
        this.tentative.notes.push(note);
      } else this.tentative = { raw, calls: [], notes: [note] };
      if (final) this.settleTentative(out);
      return;
    }
    if (!parsed.ok) {
      this.reject(b, content, close, parsed.reason, out, form);
      return;
    }
    this.block = undefined;
    this.mode = 'text';
    this.lines.breakLine();
    this.dropSpace = true;
    this.afterFunction = b.kind === 'function';
    this.afterJsonCall = b.kind === 'json-call' || b.kind === 'python-tag';
    if (b.mustEnd || this.tentative) {
      // Counts only if the message ends on calls: held until something else follows, or the end.
      const raw = b.opener + content + close;
      if (this.tentative) {
        this.tentative.raw += raw;
        this.tentative.calls.push(...parsed.calls);
      } else this.tentative = { raw, calls: [...parsed.calls], notes: [] };
      if (final) this.settleTentative(out);
      return;
    }
    out.calls.push(...parsed.calls);
  }

  /** The block is text after all: shown as written, with a note. */
  private reject(b: Block, content: string, close: string, reason: string, out: MarkupOutput, form: MarkupForm = b.kind === 'tool-call' ? 'hermes' : FORM_OF[b.kind]): void {
    this.block = undefined;
    this.mode = 'text';
    if (this.tentative) this.releaseTentative(out);
    const raw = b.opener + content + close;
    out.text += raw;
    this.lines.text(raw);
    out.notes.push({ form, reason, excerpt: excerpt(raw) });
  }

  /** The message ended on JSON calls: they are calls, unless one of them could not be read (then all of it is text, with the notes). */
  private settleTentative(out: MarkupOutput): void {
    const t = this.tentative!;
    if (t.notes.length === 0) {
      this.tentative = undefined;
      out.calls.push(...t.calls);
      return;
    }
    this.releaseTentative(out);
    out.notes.push(...t.notes);
  }

  /** Something other than calls followed: the JSON was an answer, shown as text. */
  private releaseTentative(out: MarkupOutput): void {
    const t = this.tentative!;
    this.tentative = undefined;
    out.text += t.raw;
    this.lines.text(t.raw);
  }
}

/**
 * A `<tool_call>` closing tag ends the body unless it sits inside a JSON
 * string (a call writing a file that contains the tag) or inside an XML
 * call whose last function is not closed yet.
 */
function bodyComplete(content: string): boolean {
  const first = firstNonSpace(content, 0);
  if (first === -1) return true;
  if (content[first] === '{') return !endsInsideString(content, first);
  if (content.startsWith(FUNCTION_OPEN, first)) return content.trimEnd().endsWith(FUNCTION_CLOSE);
  return true;
}

/** Whether JSON text read from `from` ends inside a string literal. */
function endsInsideString(s: string, from: number): boolean {
  let inString = false;
  let escaped = false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!inString) {
      if (c === 0x22) inString = true;
    } else if (escaped) escaped = false;
    else if (c === 0x5c) escaped = true;
    else if (c === 0x22) inString = false;
  }
  return inString;
}

function firstNonSpace(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return i;
  return -1;
}

/** The candidate's start on one line, control characters replaced, so the note is inert in a terminal. */
function excerpt(raw: string): string {
  return clipText(inert(oneLine(raw)), 80);
}

/** Control characters (escape sequences included) replaced: model text in a note must be inert in a terminal. */
function inert(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** A note as one line for a trace: what stayed text, and why. */
export function describeNote(note: MarkupNote): string {
  return inert(`A tool call written as text (${FORM_LABELS[note.form]}) was not run and is shown as text: ${note.reason}. It began: ${note.excerpt}`);
}
