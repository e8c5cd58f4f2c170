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
import { peekSummary } from './peekSummary';
import { moveToQuarantine, salvageLog } from './quarantine';
import { readConversationLog } from './readConversationLog';

export type Loaded =
  | { kind: 'ok'; conversation: Conversation; entry: IndexEntry }
  | { kind: 'newer'; version: number; entry: IndexEntry }
  /** Not there (any more), or unreadable and moved to `keptAt`. */
  | { kind: 'gone'; keptAt?: string };

/** Without an index, a history of more logs than this is listed provisionally while the index is rebuilt. */
const QUICK_ABOVE = 64;

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
   * one, the rebuild starts in the background (`onRebuilt` listeners are
   * told when it is done and saved) and the list gets provisional summaries from each
   * log's first and last kilobytes meanwhile.
   */
  async quick(signal: AbortSignal): Promise<QuickEntries> {
    if (!this.index && !this.rebuilding) {
      await this.ensureDirs();
      const saved = await loadIndex(this.layout.index, signal);
      if (saved) this.index ??= saved;
    }
    if (this.index && !this.rebuilding) return { entries: await this.refresh(signal), complete: true };
    // A small history is rebuilt at once: that is as fast, and exact.
    if (!this.rebuilding && (await readdir(this.layout.conversations)).length <= QUICK_ABOVE) return { entries: await this.refresh(signal), complete: true };
    // The provisional list first, then the rebuild: they would only slow each other down.
    const entries = await this.peekAll(signal);
    if (!this.rebuilding) {
      const rebuild = this.refresh(this.life.signal);
      this.rebuilding = rebuild;
      rebuild.then(
        () => {
          this.rebuilding = undefined;
          for (const listener of this.rebuiltListeners) listener();
        },
        (e: unknown) => {
          this.rebuilding = undefined;
          if (!this.life.signal.aborted) this.log.warn('could not rebuild the history index', { code: errnoCode(e) });
        },
      );
    }
    return { entries, complete: false };
  }

  private readonly rebuiltListeners = new Set<() => void>();

  /** Called each time a background rebuild is done; returns the unsubscribe. */
  onRebuilt(listener: () => void): () => void {
    this.rebuiltListeners.add(listener);
    return () => this.rebuiltListeners.delete(listener);
  }

  /** Stops a background rebuild (the store is closing). */
  dispose(): void {
    this.life.abort();
    this.rebuiltListeners.clear();
  }

  /** Every log's entry: from the index where it is current, else a provisional one from its ends. */
  private async peekAll(signal: AbortSignal): Promise<Map<string, IndexEntry>> {
    const names = await readdir(this.layout.conversations);
    const ids = names.map(idFromFileName).filter((id): id is string => id !== undefined);
    const known = this.index;
    const entries = await mapLimit(
      ids,
      16,
      async (id): Promise<IndexEntry | undefined> => {
        const path = this.pathOf(id);
        const st = await stat(path).catch(() => undefined);
        if (!st) return undefined;
        const e = known?.get(id);
        if (e && e.size === st.size && e.mtimeMs === st.mtimeMs) return e;
        const summary = await peekSummary(path, id, st.size).catch(() => undefined);
        return summary ? { id, size: st.size, mtimeMs: st.mtimeMs, summary } : undefined;
      },
      signal,
    );
    return new Map(entries.filter((e): e is IndexEntry => e !== undefined).map((e) => [e.id, e]));
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

    const stats = await mapLimit(ids, 32, (id) => stat(this.pathOf(id)).catch(() => undefined), signal);
    const previous = this.index;
    const next = new Map<string, IndexEntry>();
    const toRead: string[] = [];
    ids.forEach((id, i) => {
      const st = stats[i];
      if (!st) return;
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
