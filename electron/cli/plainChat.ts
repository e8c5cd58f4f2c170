import { randomUUID } from 'node:crypto';
import type { AgentEvent, AgentEventOf, FinishReason, ModelRef, RunStats, Usage } from '../../shared/agentEvents';
import { parseModelSpec } from '../../shared/modelSpec';
import { isAbortError, PunieError, toErrorData } from '../core/errors';
import type { ChatMessage, ChatModel } from '../core/models/types';

/**
 * `punie ask` before the agent loop lands: one model turn, no tools, told
 * as AgentEvents (run-start, turn-start, text and reasoning deltas, usage,
 * then run-finish / run-error / run-abort with stats). The CLI's printers
 * work from these events only, so the real loop can replace this unchanged.
 */
export interface PlainChatInput {
  prompt: string;
  /** The model spec as the user wrote it. */
  spec: string;
  workspace?: string;
  system?: string;
  runId?: string;
  conversationId?: string;
}

export interface PlainChatDeps {
  createModel(spec: string, signal: AbortSignal): Promise<ChatModel>;
  emit(event: AgentEvent): void;
  signal: AbortSignal;
  /** Epoch milliseconds. */
  now?: () => number;
}

export type TerminalEvent = AgentEventOf<'run-finish' | 'run-error' | 'run-abort'>;

/** What run-start says before the model is resolved (or when it cannot be). */
export function provisionalRef(spec: string): ModelRef {
  const parsed = parseModelSpec(spec);
  if (!parsed.ok) return { spec, provider: 'local', modelId: '' };
  const s = parsed.spec;
  return {
    spec,
    provider: s.provider,
    modelId: s.model ?? '',
    ...('baseURL' in s && s.baseURL ? { baseURL: s.baseURL } : {}),
  };
}

export async function plainChat(input: PlainChatInput, deps: PlainChatDeps): Promise<TerminalEvent> {
  const now = deps.now ?? Date.now;
  const runId = input.runId ?? randomUUID();
  const startedAt = now();
  let text = '';
  let usage: Usage = {};
  let requestAt: number | undefined;
  let firstTokenAt: number | undefined;
  let lastTokenAt: number | undefined;
  let started = false;

  const emit = (e: AgentEvent) => deps.emit(e);
  const start = (model: ModelRef) => {
    started = true;
    emit({
      runId,
      type: 'run-start',
      conversationId: input.conversationId ?? runId,
      model,
      prompt: input.prompt,
      ...(input.workspace ? { workspace: input.workspace } : {}),
      startedAt,
    });
  };
  const stats = (): RunStats => {
    const end = now();
    const s: RunStats = { durationMs: Math.max(0, end - startedAt), turns: requestAt === undefined ? 0 : 1 };
    if (firstTokenAt !== undefined && requestAt !== undefined) s.ttftMs = Math.max(0, firstTokenAt - requestAt);
    if (usage.inputTokens !== undefined) s.inputTokens = usage.inputTokens;
    if (usage.outputTokens !== undefined) {
      s.outputTokens = usage.outputTokens;
      const spanMs = (lastTokenAt ?? end) - (firstTokenAt ?? end);
      if (spanMs > 0 && usage.outputTokens > 1) s.tokensPerSecond = Math.round(((usage.outputTokens - 1) / spanMs) * 1000 * 10) / 10;
    }
    return s;
  };
  const finish = (event: TerminalEvent): TerminalEvent => {
    emit(event);
    return event;
  };

  try {
    const model = await deps.createModel(input.spec, deps.signal);
    start(model.ref);
    emit({ runId, type: 'turn-start', turn: 1 });
    const messages: ChatMessage[] = [...(input.system ? [{ role: 'system' as const, content: input.system }] : []), { role: 'user', content: input.prompt }];
    let finishReason: FinishReason = 'other';
    requestAt = now();
    for await (const e of model.stream({ messages }, deps.signal)) {
      switch (e.type) {
        case 'text-delta':
        case 'reasoning-delta':
          firstTokenAt ??= now();
          lastTokenAt = now();
          if (e.type === 'text-delta') text += e.text;
          emit({ runId, type: e.type, delta: e.text });
          break;
        case 'usage':
          usage = { ...usage, ...e.usage };
          emit({ runId, type: 'usage', usage: e.usage });
          break;
        case 'finish':
          finishReason = e.reason;
          break;
        default:
          // No tools are offered in a plain chat; stray tool events are ignored.
          break;
      }
    }
    return finish({ runId, type: 'run-finish', finishReason, text, stats: stats() });
  } catch (e) {
    if (!started) start(provisionalRef(input.spec));
    if (deps.signal.aborted || isAbortError(e)) return finish({ runId, type: 'run-abort', partialText: text, stats: stats() });
    const partialText = e instanceof PunieError && e.partialText ? e.partialText : text;
    return finish({ runId, type: 'run-error', error: toErrorData(e), partialText, stats: stats() });
  }
}
