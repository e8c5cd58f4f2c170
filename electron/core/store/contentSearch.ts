import { readFile } from 'node:fs/promises';

const MAX_TERMS = 20;

/** A search box's text as lower-case terms; every term must match. */
export function searchTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_TERMS);
}

export function matchesAll(haystack: string, terms: readonly string[]): boolean {
  return terms.every((t) => haystack.includes(t));
}

/**
 * What a conversation's content search looks at: the prompts and answers
 * (not tool output, which would drown every search in file contents), lower-
 * cased. A fast pass over the raw log: no validation, since the list only
 * searches logs that already loaded.
 */
export async function searchableText(path: string, signal: AbortSignal): Promise<string> {
  const text = await readFile(path, { encoding: 'utf8', signal });
  const parts: string[] = [];
  let from = 0;
  // Bounded by the file's length: each pass consumes one line.
  while (from < text.length) {
    let nl = text.indexOf('\n', from);
    if (nl === -1) nl = text.length;
    const line = text.slice(from, nl);
    from = nl + 1;
    const piece = contentOf(line);
    if (piece) parts.push(piece);
  }
  return parts.join('\n').toLowerCase();
}

function contentOf(line: string): string | undefined {
  let r: unknown;
  try {
    r = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!r || typeof r !== 'object') return undefined;
  const rec = r as { t?: unknown; content?: unknown; message?: { role?: unknown; content?: unknown } };
  if (rec.t === 'append' && typeof rec.content === 'string') return rec.content;
  if (rec.t === 'msg' && (rec.message?.role === 'user' || rec.message?.role === 'assistant') && typeof rec.message.content === 'string') {
    return rec.message.content;
  }
  return undefined;
}

/**
 * Searchable text per conversation, kept while its log is unchanged (same
 * size and mtime), up to a total size, so a search box does not re-read every
 * log on each keystroke.
 */
export class ContentCache {
  private readonly entries = new Map<string, { size: number; mtimeMs: number; text: string }>();
  private chars = 0;

  constructor(private readonly maxChars = 64 * 1024 * 1024) {}

  get(id: string, size: number, mtimeMs: number): string | undefined {
    const e = this.entries.get(id);
    return e && e.size === size && e.mtimeMs === mtimeMs ? e.text : undefined;
  }

  set(id: string, size: number, mtimeMs: number, text: string): void {
    this.delete(id);
    if (this.chars + text.length > this.maxChars) return;
    this.entries.set(id, { size, mtimeMs, text });
    this.chars += text.length;
  }

  delete(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.chars -= e.text.length;
    this.entries.delete(id);
  }
}
