/**
 * Parses a tool call's argument text as the model sent it. Empty text means
 * no arguments; anything else must be one JSON object.
 */
export type ParsedArgs = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

export function parseToolArgs(argsText: string): ParsedArgs {
  const text = argsText.trim();
  if (text === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : 'invalid JSON';
    return { ok: false, message: `The arguments are not valid JSON (${why}). Send one JSON object, for example {"path": "src/app.ts"}.` };
  }
  if (value === null) return { ok: true, value: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'The arguments must be one JSON object with named fields, for example {"path": "src/app.ts"}.' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
