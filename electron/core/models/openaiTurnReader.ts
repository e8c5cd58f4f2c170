import { randomUUID } from 'node:crypto';
import type { FinishReason, Usage } from '../../../shared/agentEvents';
import { FINISH, readUsage } from './openaiChunk';
import { ToolCallAssembler } from './toolCallAssembler';
import { ToolCallTextFilter, type RecoveredCall } from './toolCallTextRecovery';
import type { ModelStreamEvent } from './types';

/** Where a turn's events go, synchronously, as each chunk is read. */
export type EmitModelEvent = (event: ModelStreamEvent) => void;

/**
 * One streamed chat-completions turn, read chunk by chunk into
 * ModelStreamEvents: text (through the tool-call text filter when tools were
 * offered), reasoning, tool-call deltas assembled into calls, usage (the
 * last one wins: some servers repeat a growing usage) and the finish reason.
 * It does no I/O and never awaits, so the provider can hand its events to a
 * consumer without an async hop per token.
 */
export class OpenAITurnReader {
  private readonly assembler = new ToolCallAssembler();
  private readonly filter: ToolCallTextFilter | undefined;
  private readonly recovered: RecoveredCall[] = [];
  private usage: Usage | undefined;
  /** The finish reason, once a chunk carried one. */
  finish: FinishReason | undefined;
  /** The text shown so far, piece by piece (joined only when a failure needs it). */
  private readonly shown: string[] = [];

  /** `recoverTextCalls`: tools were offered, so `<tool_call>` text may be a call. */
  constructor(recoverTextCalls: boolean) {
    this.filter = recoverTextCalls ? new ToolCallTextFilter() : undefined;
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
      if (reasoning !== '') emit({ type: 'reasoning-delta', text: reasoning });
      if (typeof d.content === 'string' && d.content !== '') this.text(d.content, emit);
      if (Array.isArray(d.tool_calls) && d.tool_calls.length) for (const event of this.assembler.push(d.tool_calls)) emit(event);
    }
    if (typeof c.finish_reason === 'string' && c.finish_reason !== '') this.finish = FINISH[c.finish_reason] ?? 'other';
  }

  private text(content: string, emit: EmitModelEvent): void {
    let text = content;
    if (this.filter && !this.filter.passes(text)) {
      const out = this.filter.push(text);
      if (out.calls.length) this.recovered.push(...out.calls);
      text = out.text;
    }
    if (text) {
      this.shown.push(text);
      emit({ type: 'text-delta', text });
    }
  }

  /** The text shown so far, for a failure's partial answer. */
  get partial(): string {
    return this.shown.join('');
  }

  /** The end of a stream that carried its finish reason: held-back text, the calls, usage, then `finish`. */
  end(finish: FinishReason, emit: EmitModelEvent): void {
    if (this.filter) {
      const rest = this.filter.flush();
      this.recovered.push(...rest.calls);
      if (rest.text) emit({ type: 'text-delta', text: rest.text });
    }
    const calls = this.assembler.finish();
    for (const call of calls) emit({ type: 'tool-call', call });
    for (const c of this.recovered) {
      const call = { id: `call_${randomUUID().replaceAll('-', '').slice(0, 16)}`, name: c.name, argsText: c.argsText };
      emit({ type: 'tool-call-start', id: call.id, name: call.name });
      emit({ type: 'tool-call', call });
    }
    const reason = (calls.length || this.recovered.length) && finish === 'stop' ? 'tool-calls' : finish;
    if (this.usage) emit({ type: 'usage', usage: this.usage });
    emit({ type: 'finish', reason });
  }
}
