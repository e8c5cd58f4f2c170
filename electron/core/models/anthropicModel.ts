import Anthropic from '@anthropic-ai/sdk';
import type { FinishReason, ModelRef, Usage } from '../../../shared/agentEvents';
import type { ModelPreset } from '../../../shared/modelPreset';
import { PunieError } from '../errors';
import { createLogger } from '../log';
import { classifyError, isUserAbort, type ErrorContext } from './classifyError';
import { createIdleWatchdog } from './idleWatchdog';
import { DEFAULT_MAX_TOKENS } from './openaiRequest';
import { withRetry, type RetryOptions } from './retry';
import { samplingFields } from './samplingParams';
import type { ChatMessage, ChatModel, ChatRequest, ModelStreamEvent, ToolCall } from './types';

/**
 * Anthropic's Messages API through `@anthropic-ai/sdk`: system prompt,
 * tool_use blocks streamed as input_json deltas, thinking deltas as
 * reasoning, usage, stop reasons.
 */
export interface AnthropicOptions {
  ref: ModelRef;
  apiKey: string;
  /** Default https://api.anthropic.com (ANTHROPIC_BASE_URL honoured by the caller). */
  baseURL?: string;
  /** The user's preset for this model and the command line's flags (never a local family's figures). */
  preset?: ModelPreset;
  retry?: RetryOptions;
  timeoutMs?: number;
  /** Longest silence between two events before the stream counts as broken. Default 5 minutes. */
  idleTimeoutMs?: number;
}

const log = createLogger('models:anthropic');

const STOP: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
};

type Block = Record<string, unknown>;
interface WireMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

/** System messages become the `system` parameter; tool results go back as user tool_result blocks. */
export function toAnthropicMessages(messages: readonly ChatMessage[]): { system: string | undefined; messages: WireMessage[] } {
  const system: string[] = [];
  const out: WireMessage[] = [];
  const append = (role: 'user' | 'assistant', blocks: Block[]) => {
    if (blocks.length === 0) return;
    const last = out.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    switch (m.role) {
      case 'system':
        system.push(m.content);
        break;
      case 'user':
        append('user', [{ type: 'text', text: m.content }]);
        break;
      case 'assistant': {
        const blocks: Block[] = m.content ? [{ type: 'text', text: m.content }] : [];
        for (const c of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: parseInput(c.argsText) });
        append('assistant', blocks.length ? blocks : [{ type: 'text', text: '(no answer)' }]);
        break;
      }
      case 'tool':
        append('user', [{ type: 'tool_result', tool_use_id: m.toolCallId, content: m.content }]);
        break;
    }
  }
  return { system: system.length ? system.join('\n\n') : undefined, messages: out };
}

function parseInput(argsText: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(argsText);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function createAnthropicModel(o: AnthropicOptions): ChatModel {
  const client = new Anthropic({
    apiKey: o.apiKey,
    authToken: null,
    baseURL: o.baseURL ?? 'https://api.anthropic.com',
    maxRetries: 0,
    timeout: o.timeoutMs ?? 10 * 60_000,
    logLevel: 'off',
  });
  const ctx: ErrorContext = { provider: 'anthropic', model: o.ref.modelId, ...(o.baseURL ? { baseURL: o.baseURL } : {}) };

  return {
    ref: o.ref,
    ...(o.preset ? { preset: o.preset } : {}),
    async streamTo(request: ChatRequest, signal: AbortSignal, onEvent: (event: ModelStreamEvent) => void): Promise<void> {
      const { system, messages } = toAnthropicMessages(request.messages);
      const body: Record<string, unknown> = {
        model: o.ref.modelId,
        max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
        messages,
        stream: true,
        ...(system ? { system } : {}),
        ...(o.preset ? samplingFields(o.preset, 'anthropic') : {}),
        ...(request.tools?.length ? { tools: request.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters })) } : {}),
        ...request.extraBody,
      };
      const watchdog = createIdleWatchdog(signal, o.idleTimeoutMs);
      let stream: AsyncIterable<unknown>;
      try {
        stream = await withRetry(
          () => client.messages.create(body as unknown as Anthropic.MessageCreateParamsStreaming, { signal: watchdog.signal }) as unknown as Promise<AsyncIterable<unknown>>,
          (e) => classifyError(e, ctx),
          signal,
          { ...o.retry, onRetry: (err, n, delay) => log.info('retrying', { code: err.code, attempt: n, delayMs: Math.round(delay) }) },
        );
      } catch (e) {
        if (signal.aborted) throw abortError();
        throw classifyError(e, ctx);
      }

      let partial = '';
      let finish: FinishReason | undefined;
      let stopped = false;
      const usage: Usage = {};
      const tools = new Map<number, ToolCall>();
      const silent = () =>
        new PunieError('stream-broken', `Anthropic sent nothing for ${watchdog.label} and was given up on.`, {
          hint: partial ? 'The text received so far is kept. Try again.' : 'Try again.',
          partialText: partial,
        });
      // A consumer's own failure is its own, never a stream error to classify.
      let consumerFailed: { error: unknown } | undefined;
      const emit = (event: ModelStreamEvent) => {
        try {
          onEvent(event);
        } catch (error) {
          consumerFailed = { error };
          throw error;
        }
      };
      watchdog.arm();
      try {
        for await (const raw of stream) {
          watchdog.arm();
          const ev = raw as { type?: unknown } & Record<string, unknown>;
          switch (ev.type) {
            case 'message_start': {
              const u = (ev.message as { usage?: Record<string, unknown> } | undefined)?.usage;
              if (typeof u?.input_tokens === 'number') usage.inputTokens = u.input_tokens;
              break;
            }
            case 'content_block_start': {
              const block = ev.content_block as Block | undefined;
              if (block?.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string' && typeof ev.index === 'number') {
                tools.set(ev.index, { id: block.id, name: block.name, argsText: '' });
                emit({ type: 'tool-call-start', id: block.id, name: block.name });
              }
              break;
            }
            case 'content_block_delta': {
              const d = ev.delta as Block | undefined;
              if (d?.type === 'text_delta' && typeof d.text === 'string' && d.text !== '') {
                partial += d.text;
                emit({ type: 'text-delta', text: d.text });
              } else if (d?.type === 'thinking_delta' && typeof d.thinking === 'string' && d.thinking !== '') {
                emit({ type: 'reasoning-delta', text: d.thinking });
              } else if (d?.type === 'input_json_delta' && typeof d.partial_json === 'string' && typeof ev.index === 'number') {
                const call = tools.get(ev.index);
                if (call && d.partial_json !== '') {
                  call.argsText += d.partial_json;
                  emit({ type: 'tool-call-delta', id: call.id, argsDelta: d.partial_json });
                }
              }
              break;
            }
            case 'content_block_stop': {
              const call = typeof ev.index === 'number' ? tools.get(ev.index) : undefined;
              if (call) emit({ type: 'tool-call', call: { ...call, argsText: call.argsText.trim() === '' ? '{}' : call.argsText } });
              break;
            }
            case 'message_delta': {
              const d = ev.delta as { stop_reason?: unknown } | undefined;
              if (typeof d?.stop_reason === 'string') finish = STOP[d.stop_reason] ?? 'other';
              const u = ev.usage as Record<string, unknown> | undefined;
              if (typeof u?.output_tokens === 'number') usage.outputTokens = u.output_tokens;
              if (typeof u?.input_tokens === 'number') usage.inputTokens = u.input_tokens;
              break;
            }
            case 'message_stop':
              stopped = true;
              break;
            default:
              break;
          }
        }
      } catch (e) {
        if (consumerFailed) throw consumerFailed.error;
        if (signal.aborted) throw abortError();
        if (watchdog.fired()) throw silent();
        if (isUserAbort(e)) throw abortError();
        throw classifyError(e, { ...ctx, partialText: partial });
      } finally {
        watchdog.stop();
      }
      if (signal.aborted) throw abortError();
      if (watchdog.fired()) throw silent();
      if (!stopped || finish === undefined) {
        throw classifyError(Object.assign(new Error('the stream ended before message_stop'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), { ...ctx, partialText: partial });
      }
      if (usage.inputTokens !== undefined && usage.outputTokens !== undefined) usage.totalTokens = usage.inputTokens + usage.outputTokens;
      if (Object.keys(usage).length) emit({ type: 'usage', usage });
      emit({ type: 'finish', reason: finish });
    },
  };
}

function abortError(): Error {
  return new DOMException('The request was aborted.', 'AbortError');
}
