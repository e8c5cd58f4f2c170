import type { ProfileQuirks } from './profiles';
import type { ScriptedToolCall, ScriptedUsage, StreamTurn } from './script';
import { pieces, roughTokens, sseData, type WireOut } from './wireOut';

export interface OpenAIStreamOptions {
  quirks: ProfileQuirks;
  model: string;
  includeUsage: boolean;
  promptTokens: number;
  /** Ollama: tool calls carry `index: 0` each, or no index at all. */
  ollamaToolIndex: 'zero' | 'missing';
  /** Makes ids unique across a server's life. */
  nextId: () => number;
}

type Delta = Record<string, unknown>;

/** Writes one scripted turn as an OpenAI-compatible SSE stream, with the profile's quirks. */
export async function writeOpenAIStream(out: WireOut, turn: StreamTurn, o: OpenAIStreamOptions): Promise<void> {
  const id = `chatcmpl-${o.nextId()}`;
  const created = 1_700_000_000;
  const chunk = (delta: Delta, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: o.model,
    choices: [{ index: 0, delta: o.quirks.repeatRole ? { role: 'assistant', ...delta } : delta, finish_reason: finish }],
    ...extra,
  });
  const send = async (data: unknown) => {
    if (turn.chunkDelayMs) await out.sleep(turn.chunkDelayMs);
    if (!out.closed()) out.write(sseData(data));
  };

  if (o.quirks.keepalive) out.write(': keepalive 0/1\n\n');
  await send(chunk({ role: 'assistant', content: '' }));

  let completionText = '';
  let madeToolCalls = false;
  let toolIndex = 0;
  for (const step of turn.chunks) {
    if (out.closed()) return;
    if ('text' in step) {
      completionText += step.text;
      await send(chunk({ content: step.text }));
    } else if ('reasoning' in step) {
      completionText += step.reasoning;
      await send(chunk({ [o.quirks.reasoningField]: step.reasoning }));
    } else if ('toolCalls' in step) {
      madeToolCalls = true;
      for (const d of toolCallDeltas(step.toolCalls, toolIndex, o)) await send(chunk({ tool_calls: d }));
      toolIndex += step.toolCalls.length;
      completionText += step.toolCalls.map((c) => c.name + c.arguments).join('');
    } else if ('comment' in step) {
      out.write(`: ${step.comment}\n\n`);
    } else if ('delayMs' in step) {
      await out.sleep(step.delayMs);
    } else if ('malformed' in step) {
      out.write(`data: ${step.malformed}\n\n`);
    } else if ('streamError' in step) {
      out.write(sseData(o.quirks.usageObject === 'chat.completion' ? { error: step.streamError.message } : { error: { message: step.streamError.message, type: step.streamError.type ?? 'server_error' } }));
      return;
    } else {
      await out.destroy();
      return;
    }
  }
  if (out.closed()) return;

  const finish = turn.finishReason ?? (madeToolCalls ? 'tool_calls' : 'stop');
  const usage = usageBody(turn.usage, o.promptTokens, completionText);
  const finishChunk = chunk({}, finish, o.includeUsage && usage && o.quirks.usagePlacement === 'finish-chunk' ? { usage } : {});
  await send(finishChunk);
  if (turn.dieAfterFinish) return out.destroy();
  if (o.includeUsage && usage && o.quirks.usagePlacement === 'separate-chunk') {
    await send({ id, object: o.quirks.usageObject, created, model: o.model, choices: [], usage });
  }
  if (!out.closed()) out.write(sseData('[DONE]'));
}

function usageBody(u: ScriptedUsage | false | undefined, promptTokens: number, completion: string) {
  if (u === false) return undefined;
  const prompt = u?.promptTokens ?? promptTokens;
  const completionTokens = u?.completionTokens ?? roughTokens(completion);
  return { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
}

function callId(call: ScriptedToolCall, o: OpenAIStreamOptions): string {
  if (call.id !== undefined) return call.id;
  const n = o.nextId();
  return o.quirks.toolCallIds === 'numeric' ? String(100_000_000 + n) : `call_${n.toString(36).padStart(6, '0')}`;
}

/** The `tool_calls` arrays of successive deltas, the way this profile streams them. */
function toolCallDeltas(calls: ScriptedToolCall[], firstIndex: number, o: OpenAIStreamOptions): Delta[][] {
  const style = o.quirks.toolCallStyle;
  if (style === 'whole') {
    // mlx-lm: every call complete, all in one delta.
    return [calls.map((c, i) => ({ index: firstIndex + i, id: callId(c, o), type: 'function', function: { name: c.name, arguments: c.arguments } }))];
  }
  if (style === 'ollama') {
    // Ollama: each call whole in its own delta, `index: 0` on all of them (or no index).
    return calls.map((c) => {
      const call: Delta = { id: callId(c, o), type: 'function', function: { name: c.name, arguments: c.arguments } };
      return [o.ollamaToolIndex === 'zero' ? { index: 0, ...call } : call];
    });
  }
  // The common shape: id and name first, then the arguments in pieces, matched by index only.
  const deltas: Delta[][] = [];
  calls.forEach((c, i) => {
    const index = firstIndex + i;
    deltas.push([{ index, id: callId(c, o), type: 'function', function: { name: c.name, arguments: '' } }]);
    for (const p of pieces(c.arguments, 3)) deltas.push([{ index, function: { arguments: p } }]);
  });
  return deltas;
}

/** The same turn as one non-streamed chat completion. */
export function openAICompletion(turn: StreamTurn, o: OpenAIStreamOptions): unknown {
  let content = '';
  let reasoning = '';
  const toolCalls: Delta[] = [];
  for (const step of turn.chunks) {
    if ('text' in step) content += step.text;
    else if ('reasoning' in step) reasoning += step.reasoning;
    else if ('toolCalls' in step)
      for (const c of step.toolCalls) toolCalls.push({ id: callId(c, o), type: 'function', function: { name: c.name, arguments: c.arguments } });
  }
  const message: Delta = { role: 'assistant', content };
  if (reasoning) message[o.quirks.reasoningField] = reasoning;
  if (toolCalls.length) message.tool_calls = toolCalls;
  return {
    id: `chatcmpl-${o.nextId()}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: o.model,
    choices: [{ index: 0, message, finish_reason: turn.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop') }],
    usage: usageBody(turn.usage, o.promptTokens, content + reasoning),
  };
}
