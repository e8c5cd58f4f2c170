import { readFile } from 'node:fs/promises';
import { branchMessages, type BranchMessage } from '../../../shared/conversationBranches';

const MAX_TERMS = 20;

/** A search box's text as lower-case terms; every term must match. */
export function searchTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_TERMS);
}

export function matchesAll(haystack: string, terms: readonly string[]): boolean {
  return terms.every((t) => haystack.includes(t));
}

/** A message as the search's light fold keeps it. */
type LightMessage = BranchMessage & { content: string };

/**
 * What a conversation's content search looks at: the prompts and answers of
 * the branch in view (shared/conversationBranches.ts; not tool output, which
 * would drown every search in file contents), lower-cased. A fast pass over
 * the raw log: no validation, since the list only searches logs that already loaded.
 */
export async function searchableText(path: string, signal: AbortSignal): Promise<string> {
  const text = await readFile(path, { encoding: 'utf8', signal });
  let conversationId = '';
  const messages: LightMessage[] = [];
  const byId = new Map<string, LightMessage>();
  let currentRunId: string | undefined;
  let from = 0;
  // Bounded by the file's length: each pass consumes one line.
  while (from < text.length) {
    let nl = text.indexOf('\n', from);
    if (nl === -1) nl = text.length;
    const line = text.slice(from, nl);
    from = nl + 1;
    const r = parse(line);
    if (!r) continue;
    if (r.t === 'meta' && typeof r.id === 'string') conversationId = r.id;
    else if (r.t === 'branch' && typeof r.runId === 'string') currentRunId = r.runId;
    else if (r.t === 'append' && typeof r.messageId === 'string' && typeof r.content === 'string') {
      const m = byId.get(r.messageId);
      if (m) m.content += r.content;
    } else if (r.t === 'msg' && r.message && typeof r.message.id === 'string') {
      const m = lightMessage(r.message);
      if (!m) continue;
      const known = byId.get(m.id);
      if (known) Object.assign(known, m);
      else {
        byId.set(m.id, m);
        messages.push(m);
        if (m.role === 'user') currentRunId = undefined;
      }
    }
  }
  return branchMessages(conversationId, messages, currentRunId)
    .filter((m) => m.role !== 'tool' && m.content)
    .map((m) => m.content)
    .join('\n')
    .toLowerCase();
}

interface RawLine {
  t?: unknown;
  id?: unknown;
  runId?: unknown;
  messageId?: unknown;
  content?: unknown;
  message?: { id?: unknown; role?: unknown; content?: unknown; runId?: unknown; parentRunId?: unknown };
}

function parse(line: string): RawLine | undefined {
  try {
    const r: unknown = JSON.parse(line);
    return r && typeof r === 'object' ? (r as RawLine) : undefined;
  } catch {
    return undefined;
  }
}

function lightMessage(raw: NonNullable<RawLine['message']>): LightMessage | undefined {
  const id = raw.id as string;
  const content = typeof raw.content === 'string' ? raw.content : '';
  if (raw.role === 'user') {
    return {
      id,
      role: 'user',
      content,
      ...(typeof raw.runId === 'string' ? { runId: raw.runId } : {}),
      ...(typeof raw.parentRunId === 'string' || raw.parentRunId === null ? { parentRunId: raw.parentRunId } : {}),
    };
  }
  if (raw.role === 'assistant') return { id, role: 'assistant', content };
  if (raw.role === 'tool') return { id, role: 'tool', content: '' };
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
