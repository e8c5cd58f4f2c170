/** The shared vocabulary of the text-markup stage: tools offered, calls found, candidates turned down. */

/** A tool offered in the request: its name, and its JSON schema (to type Qwen3-Coder's raw XML values). */
export interface OfferedTool {
  name: string;
  parameters?: Record<string, unknown>;
}

/** A tool call recovered from text, arguments as a JSON object's text. */
export interface TextCall {
  name: string;
  argsText: string;
}

/** A candidate read as calls, or why it is not one (said in a note; the candidate stays text). */
export type CandidateParse = { ok: true; calls: TextCall[] } | { ok: false; reason: string };

/** The markup forms the stage knows, for notes and tests. */
export type MarkupForm = 'hermes' | 'qwen3-coder' | 'mistral' | 'llama-json' | 'python-tag';

export const FORM_LABELS: Readonly<Record<MarkupForm, string>> = {
  hermes: '<tool_call> JSON',
  'qwen3-coder': 'Qwen3-Coder XML',
  mistral: '[TOOL_CALLS]',
  'llama-json': 'JSON tool call',
  'python-tag': '<|python_tag|>',
};

/** The offered tool of that name, or a reason the call cannot be run. */
export function offeredTool(name: string, tools: readonly OfferedTool[]): OfferedTool | string {
  const tool = tools.find((t) => t.name === name);
  if (tool) return tool;
  if (tools.length === 0) return `it calls ${quoteName(name)}, but no tools were offered in this request`;
  return `it calls ${quoteName(name)}, which is not one of the tools offered (${tools.map((t) => t.name).join(', ')})`;
}

/** A name for a note: bounded and on one line. */
export function quoteName(name: string): string {
  const flat = name.replace(/\s+/g, ' ');
  return `"${flat.length > 60 ? `${flat.slice(0, 57)}...` : flat}"`;
}
