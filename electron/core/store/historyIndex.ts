import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { conversationSummarySchema } from '../../../shared/conversation';
import { writeFileAtomic } from '../atomicFile';
import { RECORD_VERSION } from './records';

/**
 * The index: one summary per log, with the log's size and mtime when it was
 * read. It is derived data. A missing, unreadable or other-version index is
 * rebuilt from the logs; an entry whose log changed size or mtime is re-read.
 * It is only ever replaced whole (written beside, then renamed). It also
 * names the record version of the build that wrote it: a build that reads
 * another record version (after an upgrade or a downgrade) rebuilds it, so a
 * log once hidden as "newer" shows up once the build can read it.
 */
const INDEX_VERSION = 1;

const indexEntrySchema = z.object({
  id: z.string(),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  /** Set for a readable log. */
  summary: conversationSummarySchema.optional(),
  /** Set for a log from a newer build (not listed). */
  newerVersion: z.number().int().optional(),
});
export type IndexEntry = z.infer<typeof indexEntrySchema>;

const indexFileSchema = z.object({ v: z.literal(INDEX_VERSION), recordVersion: z.literal(RECORD_VERSION), entries: z.array(indexEntrySchema) });

/** The saved index, or undefined when there is none worth trusting. */
export async function loadIndex(path: string, signal: AbortSignal): Promise<Map<string, IndexEntry> | undefined> {
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', signal });
  } catch (e) {
    if (signal.aborted) throw e;
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = indexFileSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  return new Map(parsed.data.entries.map((e) => [e.id, e]));
}

export async function saveIndex(path: string, entries: Iterable<IndexEntry>, signal: AbortSignal): Promise<void> {
  // Derived data: atomic, but not worth an fsync (a lost index is rebuilt).
  await writeFileAtomic(path, JSON.stringify({ v: INDEX_VERSION, recordVersion: RECORD_VERSION, entries: [...entries] }), signal, { durable: false });
}
