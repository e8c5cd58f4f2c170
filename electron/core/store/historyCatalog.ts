import { statSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Conversation, ConversationSummary } from '../../../shared/conversation';
import type { Logger } from '../log';
import { isTempFile } from '../atomicFile';
import { errnoCode } from './fsErrors';
import { loadIndex, saveIndex, type IndexEntry } from './historyIndex';
import { idFromFileName, logFileName, type HistoryLayout } from './historyLayout';
import { mapLimit } from './mapLimit';
import type { NoticeBoard } from './noticeBoard';
import { peekBuffer, peekLogSync } from './peekSummary';
import { moveToQuarantine, salvageLog } from './quarantine';
import { readConversationLog } from './readConversationLog';

export type Loaded =
  | { kind: 'ok'; conversation: Conversation; entry: IndexEntry }
  | { kind: 'newer'; version: number; entry: IndexEntry }
  /** Not there (any more), or unreadable and moved to `keptAt`. */
  | { kind: 'gone'; keptAt?: string };

/** Without an index, a history of more logs than this is listed provisionally while the index is rebuilt. */
const QUICK_ABOVE = 64;

/** Logs stat-ed or peeked between two turns of the event loop (each takes some tens of microseconds). */
const BATCH = 32;

interface LogStat {
  id: string;
  size: number;
  mtimeMs: number;
}

/** Calls `fn` on each item, synchronously in batches of BATCH, yielding to the event loop between batches (bounded: one pass). */
async function inBatches<T>(items: readonly T[], signal: AbortSignal, fn: (item: T) => void): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH) {
    signal.throwIfAborted();
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const item of items.slice(start, start + BATCH)) fn(item);
  }
}

/** Temporary files older than this are leftovers of a crash. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export function summaryOf(c: Conversation): ConversationSummary {
  const { messages: _messages, trimmedBefore: _trimmed, currentRunId: _current, ...summary } = c;
  return summary;
}

/**
 * Knows which conversations exist and what they hold: keeps the index in step
 * with the logs, and deals with logs that cannot be read (quarantine, salvage,
 * newer versions), reporting each through the notice board.
 */
export interface QuickEntries {
  entries: ReadonlyMap<string, IndexEntry>;
  /** False while the index is rebuilt in the background: some summaries are provisional (peekSummary.ts). */
  complete: boolean;
}

export class HistoryCatalog {
  private index: Map<string, IndexEntry> | undefined;
  private dirty = false;
  private lock: Promise<unknown> = Promise.resolve();
  /** The background rebuild of a missing index, while it runs. */
  private rebuilding: Promise<unknown> | undefined;
  /** Stops the background rebuild when the store closes. */
  private readonly life = new AbortController();

  constructor(
    private readonly layout: HistoryLayout,
    private readonly board: NoticeBoard,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  pathOf(id: string): string {
    return join(this.layout.conversations, logFileName(id));
  }

  /** Creates the history folders if they are missing (cheap; checked before each scan). */
  async ensureDirs(): Promise<void> {
    for (const d of [this.layout.conversations, this.layout.trash, this.layout.quarantine]) await mkdir(d, { recursive: true });
  }

  /** Brings the index up to date with the logs (one refresh at a time) and returns it. */
  refresh(signal: AbortSignal): Promise<ReadonlyMap<string, IndexEntry>> {
    const run = this.lock.then(() => this.refreshNow(signal));
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * The entries for the history list without waiting for a missing index to
   * be rebuilt: with an index (saved or in memory) this is `refresh`; without
   * one, the list gets provisional summaries from each log's first and last
   * kilobytes, and the rebuild runs in the background (`onRebuilt` listeners
   * are told when it is done and saved).
   *
   * With `firstScreen` (the app's sidebar, no search), the first call gives
   * only that many of the newest logs (by modification time): the rest are
   * peeked in the background, `onMoreListed` listeners are told when every
   * log has its provisional entry, and the rebuild follows.
   */
  async quick(signal: AbortSignal, options: { firstScreen?: number } = {}): Promise<QuickEntries> {
    if (!this.index && !this.rebuilding) {
      await this.ensureDirs();
      const saved = await loadIndex(this.layout.index, signal);
      if (saved) this.index ??= saved;
    }
    if (this.index && !this.rebuilding) return { entries: await this.refresh(signal), complete: true };
    const names = await readdir(this.layout.conversations);
    // A small history is rebuilt at once: that is as fast, and exact.
    if (!this.rebuilding && names.length <= QUICK_ABOVE) return { entries: await this.refresh(signal), complete: true };
    const ids = names.map(idFromFileName).filter((id): id is string => id !== undefined);
    if (options.firstScreen !== undefined && !this.provisional) {
      const logs = await this.statAll(ids, signal);
      logs.sort((x, y) => y.mtimeMs - x.mtimeMs);
      const entries = await this.peekLogs(logs.slice(0, options.firstScreen), signal);
      this.startBackground();
      return { entries, complete: false };
    }
    const entries = await this.peekAll(ids, signal);
    this.startBackground();
    return { entries, complete: false };
  }

  /** The provisional list of every log (from the last full peek), until the rebuilt index replaces it. */
  private provisional: Map<string, IndexEntry> | undefined;

  /** Peeks what is not peeked yet (telling `onMoreListed`), then rebuilds the index (telling `onRebuilt`); one at a time. */
  private startBackground(): void {
    if (this.rebuilding) return;
    const signal = this.life.signal;
    const run = (async () => {
      if (!this.provisional) {
        const names = await readdir(this.layout.conversations);
        await this.peekAll(
          names.map(idFromFileName).filter((id): id is string => id !== undefined),
          signal,
        );
        for (const listener of this.moreListeners) listener();
      }
      // The provisional list first, then the rebuild: they would only slow each other down.
      await this.refresh(signal);
    })();
    this.rebuilding = run;
    run.then(
      () => {
        this.rebuilding = undefined;
        this.provisional = undefined;
        for (const listener of this.rebuiltListeners) listener();
      },
      (e: unknown) => {
        this.rebuilding = undefined;
        if (!signal.aborted) this.log.warn('could not rebuild the history index', { code: errnoCode(e) });
      },
    );
  }

  private readonly rebuiltListeners = new Set<() => void>();
  private readonly moreListeners = new Set<() => void>();

  /** Called each time a background rebuild is done; returns the unsubscribe. */
  onRebuilt(listener: () => void): () => void {
    this.rebuiltListeners.add(listener);
    return () => this.rebuiltListeners.delete(listener);
  }

  /** Called when a list that gave only the first screen has every log's provisional entry; returns the unsubscribe. */
  onMoreListed(listener: () => void): () => void {
    this.moreListeners.add(listener);
    return () => this.moreListeners.delete(listener);
  }

  /** Stops a background rebuild (the store is closing). */
  dispose(): void {
    this.life.abort();
    this.rebuiltListeners.clear();
    this.moreListeners.clear();
  }

  /** Each log's size and modification time (missing ones left out), with synchronous calls in small batches. */
  private async statAll(ids: readonly string[], signal: AbortSignal): Promise<LogStat[]> {
    const out: LogStat[] = [];
    await inBatches(ids, signal, (id) => {
      try {
        const st = statSync(this.pathOf(id));
        out.push({ id, size: st.size, mtimeMs: st.mtimeMs });
      } catch {
        // Gone since the folder was read.
      }
    });
    return out;
  }

  /** Entries for these logs: from the index or the provisional list where still current, else peeked. */
  private async peekLogs(logs: readonly LogStat[], signal: AbortSignal): Promise<Map<string, IndexEntry>> {
    const entries = new Map<string, IndexEntry>();
    const buffer = peekBuffer();
    await inBatches(logs, signal, ({ id, size, mtimeMs }) => {
      const known = this.index?.get(id) ?? this.provisional?.get(id);
      if (known && known.size === size && known.mtimeMs === mtimeMs) {
        if (known.summary) entries.set(id, known);
        return;
      }
      try {
        const peeked = peekLogSync(this.pathOf(id), id, buffer);
        if (peeked.summary) entries.set(id, { id, size: peeked.size, mtimeMs: peeked.mtimeMs, summary: peeked.summary });
      } catch {
        // Gone or unreadable: the rebuild deals with it.
      }
    });
    return entries;
  }

  /** Every log's entry: from the index or the last peek where current, else a provisional one from its ends. */
  private async peekAll(ids: readonly string[], signal: AbortSignal): Promise<Map<string, IndexEntry>> {
    const entries = await this.peekLogs(await this.statAll(ids, signal), signal);
    this.provisional = entries;
    return entries;
  }

  /** Forgets a conversation that left the folder (deleted to the trash). */
  forget(id: string): void {
    if (this.index?.delete(id)) this.dirty = true;
  }

  /**
   * Reads one conversation. A damaged log is salvaged, an unreadable one is
   * moved to quarantine, one from a newer build is left alone; each is reported.
   */
  async load(id: string, signal: AbortSignal): Promise<Loaded> {
    const path = this.pathOf(id);
    let st;
    try {
      st = await stat(path);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return { kind: 'gone' };
      throw e;
    }
    const entry = (extra: Partial<IndexEntry>): IndexEntry => ({ id, size: st.size, mtimeMs: st.mtimeMs, ...extra });
    let outcome;
    try {
      outcome = await readConversationLog(path, id, signal);
    } catch (e) {
      if (signal.aborted) throw e;
      if (errnoCode(e) === 'ENOENT') return { kind: 'gone' };
      return this.quarantine(id, path, `could not be opened (${errnoCode(e) ?? 'I/O error'})`);
    }
    switch (outcome.kind) {
      case 'ok':
        return this.remember({ kind: 'ok', conversation: outcome.conversation, entry: entry({ summary: summaryOf(outcome.conversation) }) });
      case 'newer':
        this.board.add({ kind: 'newer', file: path, reason: `written with schema version ${outcome.version}` });
        return this.remember({ kind: 'newer', version: outcome.version, entry: entry({ newerVersion: outcome.version }) });
      case 'corrupt':
        return this.quarantine(id, path, outcome.reason);
      case 'damaged': {
        let keptAt: string;
        try {
          keptAt = await salvageLog(path, outcome.applied, this.layout.quarantine, this.now(), signal);
        } catch (e) {
          if (signal.aborted) throw e;
          // Could not set it right: show what could be read, leave the original where it is, and say so.
          this.log.warn('could not salvage a damaged conversation', { id, code: errnoCode(e) });
          this.board.add({ kind: 'repaired', file: path, reason: outcome.problems.slice(0, 3).join('; ') });
          return this.remember({ kind: 'ok', conversation: outcome.conversation, entry: entry({ summary: summaryOf(outcome.conversation) }) });
        }
        this.log.warn('salvaged a damaged conversation', { id, problems: outcome.problems.length });
        this.board.add({ kind: 'repaired', file: keptAt, reason: outcome.problems.slice(0, 3).join('; ') });
        const after = await stat(path);
        return this.remember({
          kind: 'ok',
          conversation: outcome.conversation,
          entry: { id, size: after.size, mtimeMs: after.mtimeMs, summary: summaryOf(outcome.conversation) },
        });
      }
    }
  }

  private remember<T extends Loaded>(loaded: T): T {
    if (this.index && loaded.kind !== 'gone') {
      this.index.set(loaded.entry.id, loaded.entry);
      this.dirty = true;
    }
    return loaded;
  }

  private async quarantine(id: string, path: string, reason: string): Promise<Loaded> {
    this.forget(id);
    try {
      const keptAt = await moveToQuarantine(path, this.layout.quarantine, this.now());
      this.log.warn('moved an unreadable conversation to quarantine', { id });
      this.board.add({ kind: 'unreadable', file: keptAt, reason });
      return { kind: 'gone', keptAt };
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return { kind: 'gone' };
      // Could not move it: leave it where it is, untouched, and say so.
      this.board.add({ kind: 'unreadable', file: path, reason });
      return { kind: 'gone', keptAt: path };
    }
  }

  private async refreshNow(signal: AbortSignal): Promise<ReadonlyMap<string, IndexEntry>> {
    await this.ensureDirs();
    if (!this.index) {
      const saved = await loadIndex(this.layout.index, signal);
      this.index = saved ?? new Map();
      // No usable index: it is rebuilt from the logs and saved.
      this.dirty ||= saved === undefined;
    }
    const names = await readdir(this.layout.conversations);
    signal.throwIfAborted();
    await this.removeStaleTemps(names, signal);
    const ids = names.map(idFromFileName).filter((id): id is string => id !== undefined);

    // Synchronous stats in small batches: a thread-pool round trip each cost several times the call.
    const stats = await this.statAll(ids, signal);
    const previous = this.index;
    const next = new Map<string, IndexEntry>();
    const toRead: string[] = [];
    stats.forEach((st) => {
      const id = st.id;
      const e = previous.get(id);
      if (e && e.size === st.size && e.mtimeMs === st.mtimeMs) {
        next.set(id, e);
        if (e.newerVersion !== undefined) {
          this.board.add({ kind: 'newer', file: this.pathOf(id), reason: `written with schema version ${e.newerVersion}` });
        }
      } else {
        toRead.push(id);
      }
    });
    if (toRead.length || next.size !== previous.size) this.dirty = true;
    this.index = next;
    await mapLimit(
      toRead,
      4,
      (id) =>
        this.load(id, signal).catch((e: unknown) => {
          if (signal.aborted) throw e;
          // Left out of this list only; it is tried again next time.
          this.log.warn('could not read a conversation', { id, code: errnoCode(e) });
        }),
      signal,
    );

    if (this.dirty) {
      try {
        await saveIndex(this.layout.index, this.index.values(), signal);
        this.dirty = false;
      } catch (e) {
        if (signal.aborted) throw e;
        // The index is a cache: the logs are the truth, so this only costs time.
        this.log.warn('could not save the history index', { code: errnoCode(e) });
      }
    }
    return this.index;
  }

  private async removeStaleTemps(names: string[], signal: AbortSignal): Promise<void> {
    const temps = names.filter(isTempFile);
    await mapLimit(
      temps,
      4,
      async (name) => {
        const path = join(this.layout.conversations, name);
        const st = await stat(path).catch(() => undefined);
        if (st && this.now() - st.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
      },
      signal,
    );
  }
}
