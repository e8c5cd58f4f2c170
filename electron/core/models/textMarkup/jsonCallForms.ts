import { offeredTool, type CandidateParse, type OfferedTool, type TextCall } from './textCallTypes';

/**
 * The JSON tool-call forms models write into their text:
 * - Hermes / Qwen 2.5, inside `<tool_call>…</tool_call>`: `{"name": …, "arguments": {…}}`;
 * - Llama 3.x, as the whole message or after `<|python_tag|>`: `{"name": …, "parameters": {…}}`;
 * - Mistral / Devstral, after `[TOOL_CALLS]`: `NAME[ARGS]{…}`, `NAME[CALL_ID]id[ARGS]{…}`,
 *   or `[{"name": …, "arguments": {…}}, …]`.
 * Arguments may be an object or a JSON string holding one (OpenAI's shape);
 * the name must be a tool offered in the request.
 */

/** One `{"name": …, "arguments"|"parameters": …}` object, already parsed. */
export function callFromObject(value: unknown, tools: readonly OfferedTool[]): TextCall | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'it is not a JSON object with a "name"';
  const v = value as Record<string, unknown>;
  // Some models nest it OpenAI's way: {"type": "function", "function": {"name": …, "arguments": …}}.
  if (v.function && typeof v.function === 'object' && !Array.isArray(v.function) && v.name === undefined) return callFromObject(v.function, tools);
  if (typeof v.name !== 'string' || v.name.trim() === '') return 'it has no tool "name"';
  const tool = offeredTool(v.name.trim(), tools);
  if (typeof tool === 'string') return tool;
  const args = argsText(v.arguments !== undefined ? v.arguments : v.parameters);
  if (args === undefined) return `the arguments of ${tool.name} are not a JSON object`;
  return { name: tool.name, argsText: args };
}

/** Arguments as compact JSON object text; undefined when they are not an object (or a string holding one). */
export function argsText(args: unknown): string | undefined {
  if (args === undefined || args === null) return '{}';
  let value = args;
  if (typeof value === 'string') {
    if (value.trim() === '') return '{}';
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return JSON.stringify(value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A JSON call object's text (Hermes body, Llama message, python_tag payload). */
export function parseJsonCall(text: string, tools: readonly OfferedTool[]): CandidateParse {
  const parsed = parseJson(text.trim());
  if (!parsed.ok) return { ok: false, reason: 'its JSON does not parse' };
  const call = callFromObject(parsed.value, tools);
  return typeof call === 'string' ? { ok: false, reason: call } : { ok: true, calls: [call] };
}

const MISTRAL_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;

/** What follows `[TOOL_CALLS]`, up to the end of its JSON. */
export function parseMistralCall(text: string, tools: readonly OfferedTool[]): CandidateParse {
  const body = text.trimStart();
  if (body.startsWith('[') || body.startsWith('{')) {
    const parsed = parseJson(body.trimEnd());
    if (!parsed.ok) return { ok: false, reason: 'its JSON does not parse' };
    const items = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    if (items.length === 0) return { ok: false, reason: 'it lists no calls' };
    const calls: TextCall[] = [];
    for (const item of items) {
      const call = callFromObject(item, tools);
      if (typeof call === 'string') return { ok: false, reason: call };
      calls.push(call);
    }
    return { ok: true, calls };
  }
  const argsAt = body.indexOf('[ARGS]');
  if (argsAt === -1) return { ok: false, reason: 'it has no [ARGS]' };
  const head = body.slice(0, argsAt);
  const idAt = head.indexOf('[CALL_ID]');
  const name = (idAt === -1 ? head : head.slice(0, idAt)).trim();
  if (!MISTRAL_NAME.test(name)) return { ok: false, reason: 'its tool name is not a plain name' };
  const tool = offeredTool(name, tools);
  if (typeof tool === 'string') return { ok: false, reason: tool };
  const parsed = parseJson(body.slice(argsAt + '[ARGS]'.length).trim());
  const args = parsed.ok ? argsText(parsed.value) : undefined;
  if (args === undefined) return { ok: false, reason: `the arguments of ${tool.name} are not a JSON object` };
  return { ok: true, calls: [{ name: tool.name, argsText: args }] };
}
