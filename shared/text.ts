/**
 * Text for one line of a list, a title, a notice or a log: collapsed to one
 * line and clipped. The one helper every process uses.
 */

/** Every run of whitespace (newlines included) becomes one space; trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** At most `max` characters, ending in `…` when cut; never splits a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end).trimEnd() + '…';
}

export const PROMPT_TITLE_LENGTH = 80;

/** The title a conversation gets from its first prompt: the prompt's first line with text, at most PROMPT_TITLE_LENGTH characters. */
export function titleFromPrompt(prompt: string): string {
  const first = prompt.split('\n').find((line) => line.trim() !== '') ?? '';
  return clipText(oneLine(first), PROMPT_TITLE_LENGTH);
}
