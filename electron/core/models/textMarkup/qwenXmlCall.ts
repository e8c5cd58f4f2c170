import { offeredTool, type CandidateParse, type OfferedTool, type TextCall } from './textCallTypes';

/**
 * Qwen3-Coder's XML tool calls (also Qwen3.5, Nemotron Nano 3):
 *
 *   <function=read_file>
 *   <parameter=path>
 *   notes.md
 *   </parameter>
 *   </function>
 *
 * usually inside `<tool_call>…</tool_call>`, several functions in a row for
 * parallel calls. Values are raw text: one newline after the opening tag
 * and one before the closing tag belong to the markup. A value is typed by
 * the tool's JSON schema: strings are kept verbatim (several lines
 * included); numbers, booleans, null and JSON objects or arrays are read
 * when the schema allows them and the text is one, else kept as text, for
 * the tool's own check to answer the model.
 */

const FUNCTION_OPEN = '<function=';
const FUNCTION_CLOSE = '</function>';
const PARAM_OPEN = '<parameter=';
const PARAM_CLOSE = '</parameter>';

/** The body of a `<tool_call>` (or a bare `<function=…>…</function>` run): one call per function. */
export function parseQwenXmlCalls(body: string, tools: readonly OfferedTool[]): CandidateParse {
  const calls: TextCall[] = [];
  let at = skipSpace(body, 0);
  while (at < body.length) {
    if (!body.startsWith(FUNCTION_OPEN, at)) return { ok: false, reason: 'it has text outside its <function=…> blocks' };
    const nameEnd = body.indexOf('>', at);
    if (nameEnd === -1) return { ok: false, reason: 'its <function= tag is not closed' };
    const name = body.slice(at + FUNCTION_OPEN.length, nameEnd).trim();
    const tool = offeredTool(name, tools);
    if (typeof tool === 'string') return { ok: false, reason: tool };
    const closeAt = body.indexOf(FUNCTION_CLOSE, nameEnd);
    // A last function left open at the end of the stream still counts.
    const end = closeAt === -1 ? body.length : closeAt;
    const args = parseParameters(body.slice(nameEnd + 1, end), tool);
    if (typeof args === 'string') return { ok: false, reason: args };
    calls.push({ name: tool.name, argsText: JSON.stringify(args) });
    at = skipSpace(body, closeAt === -1 ? body.length : closeAt + FUNCTION_CLOSE.length);
  }
  if (calls.length === 0) return { ok: false, reason: 'it holds no <function=…> call' };
  return { ok: true, calls };
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** The `<parameter=…>` blocks of one function, as an object. */
function parseParameters(text: string, tool: OfferedTool): Record<string, unknown> | string {
  const args: Record<string, unknown> = {};
  let at = skipSpace(text, 0);
  while (at < text.length) {
    if (!text.startsWith(PARAM_OPEN, at)) return `the call to ${tool.name} has text outside its <parameter=…> blocks`;
    const nameEnd = text.indexOf('>', at);
    if (nameEnd === -1) return `a <parameter= tag of ${tool.name} is not closed`;
    const name = text.slice(at + PARAM_OPEN.length, nameEnd).trim();
    if (name === '') return `a parameter of ${tool.name} has no name`;
    const valueStart = nameEnd + 1;
    const { valueEnd, next } = valueExtent(text, valueStart);
    args[name] = typedValue(stripMarkupNewlines(text.slice(valueStart, valueEnd)), propertySchema(tool, name));
    at = skipSpace(text, next);
  }
  return args;
}

/**
 * Where a value ends: at a `</parameter>` followed (after white space) by the
 * next parameter or the end, so a value that itself contains the text
 * `</parameter>` survives; a model that forgot the closing tag ends its value
 * where the next parameter begins.
 */
function valueExtent(text: string, from: number): { valueEnd: number; next: number } {
  const nextParam = text.indexOf(`\n${PARAM_OPEN}`, from);
  const limit = nextParam === -1 ? text.length : nextParam;
  let search = from;
  for (;;) {
    const close = text.indexOf(PARAM_CLOSE, search);
    if (close === -1 || close > limit) break;
    const after = skipSpace(text, close + PARAM_CLOSE.length);
    if (after >= text.length || text.startsWith(PARAM_OPEN, after)) return { valueEnd: close, next: after };
    search = close + 1;
  }
  if (nextParam !== -1) return { valueEnd: nextParam + 1, next: nextParam + 1 };
  const close = text.lastIndexOf(PARAM_CLOSE);
  return close >= from ? { valueEnd: close, next: close + PARAM_CLOSE.length } : { valueEnd: text.length, next: text.length };
}

function stripMarkupNewlines(value: string): string {
  let v = value;
  if (v.startsWith('\r\n')) v = v.slice(2);
  else if (v.startsWith('\n')) v = v.slice(1);
  if (v.endsWith('\r\n')) v = v.slice(0, -2);
  else if (v.endsWith('\n')) v = v.slice(0, -1);
  return v;
}

function propertySchema(tool: OfferedTool, name: string): Record<string, unknown> | undefined {
  const props = tool.parameters?.properties;
  if (!props || typeof props !== 'object') return undefined;
  const schema = (props as Record<string, unknown>)[name];
  return schema && typeof schema === 'object' ? (schema as Record<string, unknown>) : undefined;
}

/** The JSON types a schema allows: `type` (one or a list), `anyOf`/`oneOf` branches, or the types of an `enum`'s values. */
export function schemaTypes(schema: Record<string, unknown> | undefined, depth = 0): Set<string> {
  const types = new Set<string>();
  if (!schema || depth > 4) return types;
  const t = schema.type;
  if (typeof t === 'string') types.add(t);
  else if (Array.isArray(t)) for (const x of t) if (typeof x === 'string') types.add(x);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const b of branches) if (b && typeof b === 'object') for (const x of schemaTypes(b as Record<string, unknown>, depth + 1)) types.add(x);
  }
  if (types.size === 0 && Array.isArray(schema.enum)) {
    for (const v of schema.enum) types.add(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v);
  }
  return types;
}

/** A raw value typed by its schema; text that is not the type the schema wants stays text. */
export function typedValue(raw: string, schema: Record<string, unknown> | undefined): unknown {
  const types = schemaTypes(schema);
  if (types.size === 0 || (types.size === 1 && types.has('string'))) return raw;
  const text = raw.trim();
  if ((types.has('object') || types.has('array')) && (text.startsWith('{') || text.startsWith('['))) {
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value) ? types.has('array') : value !== null && typeof value === 'object' && types.has('object')) return value;
    } catch {
      // not JSON: falls through to the other types, then text
    }
  }
  if ((types.has('number') || types.has('integer')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n) && (types.has('number') || Number.isInteger(n))) return n;
  }
  if (types.has('boolean') && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (types.has('null') && /^(null|none)$/i.test(text)) return null;
  return raw;
}
