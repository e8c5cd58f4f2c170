import type { StreamTurn } from './script';
import { pieces, roughTokens, sseEvent, type WireOut } from './wireOut';

export interface AnthropicStreamOptions {
  model: string;
  promptTokens: number;
  nextId: () => number;
}

const STOP_REASONS = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' } as const;

/**
 * Writes one scripted turn in Anthropic's Messages SSE format: message_start,
 * content blocks (thinking, text, tool_use with input_json deltas), pings,
 * message_delta with the stop reason and usage, message_stop.
 */
export async function writeAnthropicStream(out: WireOut, turn: StreamTurn, o: AnthropicStreamOptions): Promise<void> {
  const send = async (event: string, data: unknown) => {
    if (turn.chunkDelayMs) await out.sleep(turn.chunkDelayMs);
    if (!out.closed()) out.write(sseEvent(event, data));
  };
  const usage = turn.usage === false ? undefined : turn.usage;
  await send('message_start', {
    type: 'message_start',
    message: {
      id: `msg_${o.nextId()}`,
      type: 'message',
      role: 'assistant',
      model: o.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage?.promptTokens ?? o.promptTokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  });
  await send('ping', { type: 'ping' });

  let index = -1;
  let open: 'text' | 'thinking' | undefined;
  let output = '';
  let madeToolCalls = false;
  const closeBlock = async () => {
    if (open === undefined) return;
    if (open === 'thinking') await send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'fake-signature' } });
    await send('content_block_stop', { type: 'content_block_stop', index });
    open = undefined;
  };
  const openBlock = async (kind: 'text' | 'thinking') => {
    if (open === kind) return;
    await closeBlock();
    index += 1;
    open = kind;
    await send('content_block_start', { type: 'content_block_start', index, content_block: kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' } });
  };

  for (const step of turn.chunks) {
    if (out.closed()) return;
    if ('text' in step) {
      await openBlock('text');
      output += step.text;
      await send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: step.text } });
    } else if ('reasoning' in step) {
      await openBlock('thinking');
      output += step.reasoning;
      await send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: step.reasoning } });
    } else if ('toolCalls' in step) {
      await closeBlock();
      madeToolCalls = true;
      for (const c of step.toolCalls) {
        index += 1;
        await send('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: c.id ?? `toolu_${o.nextId()}`, name: c.name, input: {} },
        });
        for (const p of pieces(c.arguments, 3)) {
          await send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: p } });
        }
        await send('content_block_stop', { type: 'content_block_stop', index });
        output += c.arguments;
      }
    } else if ('comment' in step) {
      out.write(`: ${step.comment}\n\n`);
    } else if ('delayMs' in step) {
      await out.sleep(step.delayMs);
    } else if ('malformed' in step) {
      out.write(`event: content_block_delta\ndata: ${step.malformed}\n\n`);
    } else if ('streamError' in step) {
      out.write(sseEvent('error', { type: 'error', error: { type: step.streamError.type ?? 'overloaded_error', message: step.streamError.message } }));
      return;
    } else {
      await out.destroy();
      return;
    }
  }
  await closeBlock();
  if (out.closed()) return;
  const finish = turn.finishReason ?? (madeToolCalls ? 'tool_calls' : 'stop');
  await send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: STOP_REASONS[finish], stop_sequence: null },
    usage: { output_tokens: usage?.completionTokens ?? roughTokens(output) },
  });
  await send('message_stop', { type: 'message_stop' });
}
