import type { ModelFamily } from '../../../shared/modelFamilies';
import type { ModelPreset } from '../../../shared/modelPreset';
import { maxTokensField, samplingFields, type SamplingTarget } from './samplingParams';
import type { ChatMessage, ChatRequest, ToolSpec } from './types';

/** Cap on generated tokens where a provider requires one (Anthropic) and none is set. */
export const DEFAULT_MAX_TOKENS = 8192;

export interface OpenAIBodyOptions {
  model: string;
  /** Which server reads the body: sampling fields are named (or left out) for it. */
  target: SamplingTarget;
  /** The model's preset: its sampling fields go into every request. */
  preset?: ModelPreset;
  /** The model's family: how its template wants tool turns back. */
  family?: ModelFamily;
}

type Json = Record<string, unknown>;

/**
 * Chat messages in the wire shape. A turn's reasoning goes back as
 * `reasoning_content` only to a local server, and only for a family whose
 * template reads it; parallel calls go back as consecutive single-call turns
 * for a family whose template takes one call per message (Llama 3.x).
 */
export function toOpenAIMessages(messages: readonly ChatMessage[], o: Pick<OpenAIBodyOptions, 'target' | 'family'> = { target: 'openai' }): Json[] {
  const local = o.target !== 'openai' && o.target !== 'anthropic';
  const reasoningBack = local ? o.family?.reasoningInToolTurns : undefined;
  const oneCall = local && o.family?.oneCallPerMessage !== undefined;
  const wireId = local && o.family?.nineCharToolIds ? nineCharIds() : (id: string) => id;
  // A local server parses the arguments to render its template (llama.cpp answers 500 to text that is not JSON):
  // a call whose arguments were broken (cut off, say) goes back with none; its result already told the model why.
  const wireArgs = local ? (text: string) => (isJsonObject(text) ? text : '{}') : (text: string) => text;
  const wireCall = (c: { id: string; name: string; argsText: string }): Json => ({ id: wireId(c.id), type: 'function', function: { name: c.name, arguments: wireArgs(c.argsText) } });
  const out: Json[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    switch (m.role) {
      case 'system':
      case 'user':
        out.push({ role: m.role, content: m.content });
        break;
      case 'assistant': {
        const calls = m.toolCalls ?? [];
        if (calls.length === 0) {
          out.push({ role: 'assistant', content: m.content });
          break;
        }
        const turn: Json = { role: 'assistant', content: m.content };
        if (reasoningBack && m.reasoning && (!reasoningBack.whenNoContent || m.content === '')) turn.reasoning_content = m.reasoning;
        if (!oneCall || calls.length === 1) {
          out.push({ ...turn, tool_calls: calls.map(wireCall) });
          break;
        }
        // One call per turn, each followed by its result.
        const results = new Map<string, ChatMessage>();
        let j = i + 1;
        for (; j < messages.length && messages[j]!.role === 'tool'; j++) {
          const r = messages[j]!;
          if (r.role === 'tool') results.set(r.toolCallId, r);
        }
        calls.forEach((call, n) => {
          out.push(n === 0 ? { ...turn, tool_calls: [wireCall(call)] } : { role: 'assistant', content: '', tool_calls: [wireCall(call)] });
          const result = results.get(call.id);
          if (result?.role === 'tool') out.push({ role: 'tool', tool_call_id: wireId(result.toolCallId), content: result.content });
        });
        i = j - 1;
        break;
      }
      case 'tool':
        out.push({ role: 'tool', tool_call_id: wireId(m.toolCallId), content: m.content });
        break;
    }
  }
  return out;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Tool-call ids in the one shape Mistral's templates take back (nine
 * letters and digits): an id already in that shape is kept; any other is
 * replaced by one derived from it (FNV-1a), the same for a call and its
 * result, distinct within the request.
 */
function nineCharIds(): (id: string) => string {
  const given = new Map<string, string>();
  const used = new Set<string>();
  return (id) => {
    const known = given.get(id);
    if (known !== undefined) return known;
    let mapped = /^[A-Za-z0-9]{9}$/.test(id) ? id : '';
    for (let salt = 0; mapped === '' || used.has(mapped); salt++) {
      let h = 0x811c9dc5 ^ salt;
      let text = '';
      for (let round = 0; text.length < 9; round++) {
        for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
        h = Math.imul(h ^ round, 0x01000193) >>> 0;
        for (let n = h, k = 0; k < 5 && text.length < 9; k++, n = Math.floor(n / 62)) text += ALNUM[n % 62];
      }
      mapped = text;
    }
    given.set(id, mapped);
    used.add(mapped);
    return mapped;
  };
}

export function toOpenAITools(tools: readonly ToolSpec[]): Json[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

/**
 * The streaming chat-completions body: usage asked for; the preset's
 * sampling fields as this server reads them (none when no preset applies,
 * so the server's own defaults hold); a reply cap only when one is set.
 */
export function openAIChatBody(request: ChatRequest, o: OpenAIBodyOptions): Json {
  const body: Json = {
    model: o.model,
    messages: toOpenAIMessages(request.messages, o),
    stream: true,
    stream_options: { include_usage: true },
    ...(o.preset ? samplingFields(o.preset, o.target) : {}),
  };
  if (request.maxTokens !== undefined) body[maxTokensField(o.target)] = request.maxTokens;
  if (request.tools?.length) body.tools = toOpenAITools(request.tools);
  return { ...body, ...request.extraBody };
}
