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

/** The host (and port) of a URL, for a label; the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A size in bytes as people read it: `512 B`, `1.5 KB`, `2.0 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** One word of a command line as a POSIX shell would read it back: bare when safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Text in a Markdown code fence longer than any run of backticks inside it, so nothing can close it early. */
export function markdownFence(text: string, lang = ''): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${lang}\n${text.endsWith('\n') ? text : `${text}\n`}${ticks}`;
}
