import { randomInt } from 'node:crypto';
import type { FinishReason, Usage } from '../../../shared/agentEvents';
import { FINISH, readUsage } from './openaiChunk';
import type { OfferedTool, TextCall } from './textMarkup/textCallTypes';
import { describeNote, TextMarkupFilter, type MarkupOutput } from './textMarkup/textMarkupFilter';
import { ToolCallAssembler } from './toolCallAssembler';
import type { ModelStreamEvent } from './types';
import { PunieError } from '../errors';
import { formatChars } from './sseChatStream';

/** Where a turn's events go, synchronously, as each chunk is read. */
export type EmitModelEvent = (event: ModelStreamEvent) => void;

export interface TurnReaderOptions {
  /** The tools offered in the request: calls written as text are recovered only for these. */
  tools: readonly OfferedTool[];
  /** The model's template opens `<think>` in the prompt (textMarkupFilter.ts). */
  startsInReasoning?: boolean;
  /** What one turn may carry before it is stopped with `stream-too-large`. Default DEFAULT_OUTPUT_CAPS. */
  caps?: OutputCaps;
}

/** Bounds on one turn's output, so a hostile or broken server cannot grow memory without end. */
export interface OutputCaps {
  /** Text and reasoning together, in characters. */
  maxOutputChars: number;
  /** The tool calls' arguments together, in characters. */
  maxToolArgsChars: number;
  /** Chunks carrying output: the request's max_tokens plus a margin, when it sent one. */
  maxChunks?: number;
}

/** 4 Mi characters of text, and of arguments: eight times the longest answer any model writes (128k tokens). */
export const DEFAULT_OUTPUT_CAPS: OutputCaps = { maxOutputChars: 4 * 1024 * 1024, maxToolArgsChars: 4 * 1024 * 1024 };

/** The chunk bound for a request capped at `maxTokens`: one chunk a token at most, doubled, plus room for role, usage and empty chunks. */
export function chunksFor(maxTokens: number | undefined): number | undefined {
  return maxTokens === undefined ? undefined : maxTokens * 2 + 1024;
}

/**
 * One streamed chat-completions turn, read chunk by chunk into
 * ModelStreamEvents: text (through the text-markup stage, which takes out
 * tool calls and `<think>` reasoning written as text), reasoning, tool-call
 * deltas assembled into calls, usage (the last one wins: some servers repeat
 * a growing usage) and the finish reason. It does no I/O and never awaits,
 * so the provider can hand its events to a consumer without an async hop
 * per token.
 */
export class OpenAITurnReader {
  private readonly assembler = new ToolCallAssembler();
  private readonly filter: TextMarkupFilter;
  private readonly recovered: TextCall[] = [];
  private usage: Usage | undefined;
  /** The server sent reasoning in its own field. */
  private serverReasoning = false;
  /** Content has arrived. */
  private sawContent = false;
  /** The finish reason, once a chunk carried one. */
  finish: FinishReason | undefined;
  /** The text shown so far, piece by piece (joined only when a failure needs it). */
  private readonly shown: string[] = [];
  private readonly caps: OutputCaps;
  private outputChars = 0;
  private argsChars = 0;
  private chunks = 0;

  constructor(options: TurnReaderOptions) {
    this.filter = new TextMarkupFilter({ tools: options.tools, ...(options.startsInReasoning ? { startsInReasoning: true } : {}) });
    this.caps = options.caps ?? DEFAULT_OUTPUT_CAPS;
  }

  /** Reads one chunk, from any server's shape (choices may be empty; fields may be missing or null). Called per token: no allocation beyond the events. */
  chunk(raw: unknown, emit: EmitModelEvent): void {
    if (!raw || typeof raw !== 'object') return;
    const r = raw as { choices?: unknown; usage?: unknown };
    // Most chunks carry no usage (null or absent).
    const usage = r.usage == null ? undefined : readUsage(r.usage);
    if (usage) this.usage = usage;
    const choice: unknown = Array.isArray(r.choices) ? r.choices[0] : undefined;
    if (!choice || typeof choice !== 'object') return;
    const c = choice as { usage?: unknown; delta?: unknown; finish_reason?: unknown };
    // Some servers put usage on the choice (older llama.cpp).
    if (!usage && c.usage != null) {
      const u = readUsage(c.usage);
      if (u) this.usage = u;
    }
    if (c.delta && typeof c.delta === 'object') {
      const d = c.delta as { content?: unknown; reasoning_content?: unknown; reasoning?: unknown; tool_calls?: unknown };
      const reasoning = typeof d.reasoning_content === 'string' ? d.reasoning_content : typeof d.reasoning === 'string' ? d.reasoning : '';
      const content = typeof d.content === 'string' ? d.content : '';
      const calls = Array.isArray(d.tool_calls) ? d.tool_calls : undefined;
      if (reasoning !== '' || content !== '' || calls?.length) this.count(reasoning.length + content.length, calls);
      if (reasoning !== '') {
        this.serverReasoning = true;
        emit({ type: 'reasoning-delta', text: reasoning });
      }
      if (content !== '') this.text(content, emit);
      if (calls?.length) for (const event of this.assembler.push(calls)) emit(event);
    }
    if (typeof c.finish_reason === 'string' && c.finish_reason !== '') this.finish = FINISH[c.finish_reason] ?? 'other';
  }

  /** Counts a chunk's output against the caps; throws `stream-too-large` (keeping the text so far) past one. */
  private count(chars: number, calls: readonly unknown[] | undefined): void {
    this.chunks++;
    this.outputChars += chars;
    if (calls) for (const call of calls) this.argsChars += argumentsLength(call);
    const { maxOutputChars, maxToolArgsChars, maxChunks } = this.caps;
    if (this.outputChars > maxOutputChars) throw this.tooLarge(`more than ${formatChars(maxOutputChars)} of text in one answer`);
    if (this.argsChars > maxToolArgsChars) throw this.tooLarge(`tool-call arguments longer than ${formatChars(maxToolArgsChars)} in one answer`);
    if (maxChunks !== undefined && this.chunks > maxChunks) throw this.tooLarge(`more than ${maxChunks} pieces of output for an answer capped at fewer tokens`);
  }

  private tooLarge(what: string): PunieError {
    const partialText = this.partial;
    return new PunieError('stream-too-large', `The server sent ${what}; the stream was stopped.`, {
      hint: partialText ? 'The text received so far is kept. The server may be misbehaving; check its log, or try again.' : 'The server may be misbehaving; check its log, or try again.',
      partialText,
    });
  }

  /** Content, through the text-markup stage; the common token passes it untouched. */
  private text(content: string, emit: EmitModelEvent): void {
    if (this.filter.passes(content)) {
      this.shown.push(content);
      emit({ type: 'text-delta', text: content });
      return;
    }
    if (!this.sawContent) {
      this.sawContent = true;
      if (this.serverReasoning) this.filter.serverSeparatesReasoning();
    }
    this.deliver(this.filter.push(content), emit);
  }

  private deliver(out: MarkupOutput, emit: EmitModelEvent): void {
    if (out.reasoning) emit({ type: 'reasoning-delta', text: out.reasoning });
    if (out.text) {
      this.shown.push(out.text);
      emit({ type: 'text-delta', text: out.text });
    }
    for (const call of out.calls) this.recovered.push(call);
    for (const note of out.notes) emit({ type: 'notice', code: 'tool-call-text-rejected', message: describeNote(note) });
  }

  /** The text shown so far, for a failure's partial answer. */
  get partial(): string {
    return this.shown.join('');
  }

  /** The end of a stream that carried its finish reason: held-back text, the calls, usage, then `finish`. */
  end(finish: FinishReason, emit: EmitModelEvent): void {
    this.deliver(this.filter.flush(), emit);
    const calls = this.assembler.finish();
    for (const call of calls) emit({ type: 'tool-call', call });
    for (const c of this.recovered) {
      const call = { id: recoveredCallId(), name: c.name, argsText: c.argsText };
      emit({ type: 'tool-call-start', id: call.id, name: call.name });
      emit({ type: 'tool-call', call });
    }
    const reason = (calls.length || this.recovered.length) && finish === 'stop' ? 'tool-calls' : finish;
    if (this.usage) emit({ type: 'usage', usage: this.usage });
    emit({ type: 'finish', reason });
  }
}

function argumentsLength(call: unknown): number {
  if (!call || typeof call !== 'object') return 0;
  const fn = (call as { function?: unknown }).function;
  if (!fn || typeof fn !== 'object') return 0;
  const args = (fn as { arguments?: unknown }).arguments;
  return typeof args === 'string' ? args.length : 0;
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * An id for a call recovered from text: nine letters and digits, the one
 * shape every chat template accepts (Mistral's templates refuse any other
 * when the call goes back in the history).
 */
export function recoveredCallId(): string {
  let id = '';
  for (let i = 0; i < 9; i++) id += ID_CHARS[randomInt(ID_CHARS.length)];
  return id;
}
