import { randomUUID } from 'node:crypto';
import { access, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentEvent } from '../../../shared/agentEvents';
import { runIdOf, type Conversation, type ConversationMessage, type ConversationSummary } from '../../../shared/conversation';
import type { AgentHistoryPort } from '../agent/agentHistoryPort';
import { PunieError } from '../errors';
import { createLogger, type Logger } from '../log';
import { syncDir, writeFileAtomic } from '../atomicFile';
import { ContentCache, matchesAll, searchableText, searchTerms } from './contentSearch';
import { ConversationLock, lockHolder, type LockOptions, type LockOwner } from './conversationLock';
import { ConversationWriter } from './conversationWriter';
import { describeFsError, errnoCode } from './fsErrors';
import { HistoryCatalog, summaryOf } from './historyCatalog';
import type { IndexEntry } from './historyIndex';
import { historyLayout, idFromFileName, isConversationId, lockFileName, logFileName, type HistoryLayout } from './historyLayout';
import { mapLimit } from './mapLimit';
import { conversationToMarkdown } from './markdownExport';
import { NoticeBoard, type StoreNotice } from './noticeBoard';
import { encodeRecord, type ChangeRecord, type NewRecord, type UndoRecord } from './records';
import { scanLog } from './logReader';
import type { FileChange } from '../undo/fileState';
import { normalizeTitle } from './summary';

/** What changed on disk: these conversations; `runIds`, runs whose records are now all written (a face that watched them live has nothing to read). */
export interface StoreChange {
  ids: string[];
  runIds?: string[];
}

export interface ConversationStoreOptions {
  /** The data folder (see resolveDataDir); history lives in `<dataDir>/history`. */
  dataDir: string;
  /** Longest time streamed text waits before it is written (default 500 ms). */
  commitIntervalMs?: number;
  now?: () => number;
  newId?: () => string;
  logger?: Logger;
  /**
   * Which face writes (`app`, `cli`, `acp`): named in the lock a conversation
   * carries while this store writes it, and so in the error another process
   * gets. `lock` tunes staleness (tests).
   */
  face?: string;
  lock?: Omit<LockOptions, 'face'>;
}

/**
 * Conversation history on disk: one append-only JSON Lines log per
 * conversation plus an index rebuilt from the logs (see FORMAT.md). It records
 * runs as they happen (AgentHistoryPort) and serves the history list, search,
 * rename, trash and export. Plain Node; used by main and the CLI.
 */
export class ConversationStore implements AgentHistoryPort {
  readonly layout: HistoryLayout;
  private readonly catalog: HistoryCatalog;
  private readonly board = new NoticeBoard();
  private readonly content = new ContentCache();
  private readonly writers = new Map<string, ConversationWriter>();
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly commitIntervalMs: number;
  private readonly log: Logger;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  /** Conversations this store writes: the lock (taken once) and how many runs or appends hold it. */
  private readonly holds = new Map<string, { lock: Promise<ConversationLock>; claims: number }>();
  private readonly lockOptions: LockOptions;
  /** Locks being let go, which close waits for (the CLI exits right after). */
  private readonly releasing = new Set<Promise<void>>();

  constructor(options: ConversationStoreOptions) {
    this.layout = historyLayout(options.dataDir);
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.commitIntervalMs = options.commitIntervalMs ?? 500;
    this.log = options.logger ?? createLogger('store');
    this.lockOptions = { ...options.lock, face: options.face ?? 'punie' };
    this.catalog = new HistoryCatalog(this.layout, this.board, this.now, this.log);
  }

  // ── AgentHistoryPort ──────────────────────────────────────────────

  async open(
    input: { id?: string; newId?: string; title: string; model: string; workspace?: string },
    signal: AbortSignal,
  ): Promise<{ id: string; messages: ConversationMessage[]; workspace?: string; currentRunId?: string }> {
    // The run that opens a conversation holds its lock until its last record is written (record) or it gives up (release).
    if (input.id !== undefined) {
      this.assertId(input.id);
      await this.hold(input.id);
      try {
        const c = await this.get(input.id, signal);
        return { id: c.id, messages: c.messages, ...(c.workspace === undefined ? {} : { workspace: c.workspace }), ...(c.currentRunId === undefined ? {} : { currentRunId: c.currentRunId }) };
      } catch (e) {
        await this.unhold(input.id);
        throw e;
      }
    }
    await this.catalog.ensureDirs();
    const id = input.newId ?? this.newId();
    if (!isConversationId(id)) {
      throw input.newId === undefined ? new PunieError('internal', 'Could not create a conversation id.') : new PunieError('invalid-input', `"${input.newId.slice(0, 40)}" cannot name a conversation.`);
    }
    await this.hold(id);
    try {
      const path = this.catalog.pathOf(id);
      if (await exists(path)) throw new PunieError('conflict', 'A conversation with this id already exists.');
      const meta: NewRecord = { t: 'meta', id, createdAt: this.now(), title: normalizeTitle(input.title), model: input.model };
      if (input.workspace !== undefined) meta.workspace = input.workspace;
      // The header is written whole before the log exists, so every log starts with one.
      await writeFileAtomic(path, encodeRecord(meta), signal);
    } catch (e) {
      await this.unhold(id);
      throw e;
    }
    this.changed({ ids: [id] });
    return { id, messages: [], ...(input.workspace === undefined ? {} : { workspace: input.workspace }) };
  }

  /** The run that opened this conversation will record nothing (it failed before starting): its hold goes. */
  async release(conversationId: string): Promise<void> {
    await this.unhold(conversationId);
  }

  /** Another process writing this conversation, if one is (the app shows it read-only meanwhile). */
  async writtenElsewhere(id: string): Promise<LockOwner | undefined> {
    this.assertId(id);
    if (this.holds.has(id)) return undefined;
    return lockHolder(join(this.layout.conversations, lockFileName(id)), this.lockOptions);
  }

  record(conversationId: string, event: AgentEvent): void {
    try {
      if (!isConversationId(conversationId)) {
        this.log.warn('ignored events for an invalid conversation id');
        return;
      }
      const writer = this.writerFor(conversationId);
      const { finished } = writer.record(event);
      // The list moves the conversation up once its prompt is on disk, and shows its end once the run's last record is.
      if (event.type === 'run-start') void writer.idle().then(() => this.changed({ ids: [conversationId] }));
      if (finished) {
        void writer.release().then(async () => {
          if (this.writers.get(conversationId) === writer && !writer.busy) this.writers.delete(conversationId);
          await this.unhold(conversationId);
          this.changed({ ids: [conversationId], runIds: [event.runId] });
        });
      }
    } catch (e) {
      this.log.error('could not record an event', { code: errnoCode(e) });
    }
  }

  /** Keeps a file's state before a run changes it (a `change` record, synced) in order with the run's own records. */
  async recordChange(conversationId: string, runId: string, change: FileChange): Promise<void> {
    this.assertId(conversationId);
    await this.writerFor(conversationId).appendNow([{ t: 'change', at: this.now(), runId, ...change }]);
  }

  /** The records of a conversation's log that undo reads (`change` and `undo`), in order. */
  async undoRecords(id: string, signal: AbortSignal): Promise<(ChangeRecord | UndoRecord)[]> {
    await this.get(id, signal);
    const scan = await scanLog(this.catalog.pathOf(id), signal);
    return scan.records.filter((r): r is ChangeRecord | UndoRecord => r.t === 'change' || r.t === 'undo');
  }

  /** Records an undo (or redo) of a run's files, with what each held just before. */
  async recordUndo(id: string, record: Omit<UndoRecord, 'v' | 't' | 'at'>, signal: AbortSignal): Promise<void> {
    await this.get(id, signal);
    await this.appendOutsideRun(id, [{ t: 'undo', at: this.now(), ...record }]);
    this.changed({ ids: [id] });
  }

  async flush(conversationId: string): Promise<void> {
    await this.writers.get(conversationId)?.flush();
  }

  // ── History ───────────────────────────────────────────────────────

  /** Conversations newest first; `query` keeps those whose title or prompts and answers hold every word. */
  async list(options: { query?: string }, signal: AbortSignal): Promise<ConversationSummary[]> {
    return this.listFrom(await this.catalog.refresh(signal), options, signal);
  }

  /**
   * The list without waiting for a missing index (the app's sidebar): while the
   * index is rebuilt in the background, summaries come from each log's ends
   * (`complete: false`), and `onIndexRebuilt` listeners are told when the exact
   * list is ready. With an index it is `list`. With `firstScreen` and no
   * index, the first call gives only the newest `firstScreen` conversations
   * (by their logs' modification times) and `onMoreListed` listeners are
   * told when the rest are listed.
   */
  async listQuick(options: { query?: string; firstScreen?: number }, signal: AbortSignal): Promise<{ items: ConversationSummary[]; complete: boolean }> {
    // A search looks at every conversation: no first screen for it.
    const firstScreen = searchTerms(options.query ?? '').length === 0 ? options.firstScreen : undefined;
    const { entries, complete } = await this.catalog.quick(signal, firstScreen === undefined ? {} : { firstScreen });
    return { items: await this.listFrom(entries, options, signal), complete };
  }

  /**
   * Called when a list that gave only its first screen (`listQuick` with
   * `firstScreen`, no index) has every conversation's provisional summary:
   * the next `listQuick` gives them all. Returns the unsubscribe.
   */
  onMoreListed(listener: () => void): () => void {
    return this.catalog.onMoreListed(listener);
  }

  /** Called each time a background rebuild of the index is done; returns the unsubscribe. */
  onIndexRebuilt(listener: () => void): () => void {
    return this.catalog.onRebuilt(listener);
  }

  private async listFrom(index: ReadonlyMap<string, IndexEntry>, options: { query?: string }, signal: AbortSignal): Promise<ConversationSummary[]> {
    const items: { summary: ConversationSummary; size: number; mtimeMs: number }[] = [];
    for (const e of index.values()) if (e.summary) items.push({ summary: e.summary, size: e.size, mtimeMs: e.mtimeMs });
    items.sort((a, b) => b.summary.updatedAt - a.summary.updatedAt || b.summary.createdAt - a.summary.createdAt);
    const terms = searchTerms(options.query ?? '');
    if (terms.length === 0) return items.map((i) => i.summary);

    const keep = await mapLimit(
      items,
      8,
      async ({ summary, size, mtimeMs }) => {
        const title = summary.title.toLowerCase();
        if (matchesAll(title, terms)) return true;
        let text = this.content.get(summary.id, size, mtimeMs);
        if (text === undefined) {
          text = await searchableText(this.catalog.pathOf(summary.id), signal).catch((e: unknown) => {
            if (signal.aborted) throw e;
            return '';
          });
          this.content.set(summary.id, size, mtimeMs, text);
        }
        return matchesAll(`${title}\n${text}`, terms);
      },
      signal,
    );
    return items.filter((_, i) => keep[i]).map((i) => i.summary);
  }

  /** The most recently updated conversation, of that workspace when one is given (`punie ask --continue`). */
  async latest(signal: AbortSignal, options: { workspace?: string } = {}): Promise<ConversationSummary | undefined> {
    const all = await this.list({}, signal);
    return options.workspace === undefined ? all[0] : all.find((c) => c.workspace === options.workspace);
  }

  /** Points a conversation at its folder again (it moved): its tools act there from now on. */
  async setWorkspace(id: string, workspace: string, signal: AbortSignal): Promise<ConversationSummary> {
    await this.get(id, signal);
    await this.appendOutsideRun(id, [{ t: 'workspace', at: this.now(), workspace }]);
    const summary = summaryOf(await this.get(id, signal));
    this.changed({ ids: [id] });
    return summary;
  }

  /**
   * Shows another branch of a conversation: the branch in view ends at
   * `runId` (a run of it) until a later prompt. The sidebar's preview,
   * search, export and a prompt that names no parent follow it.
   */
  async setBranch(id: string, runId: string, signal: AbortSignal): Promise<ConversationSummary> {
    const c = await this.get(id, signal);
    if (!c.messages.some((m) => m.role === 'user' && runIdOf(id, m) === runId)) {
      throw new PunieError('not-found', 'That run is not in this conversation.', { hint: 'Open the conversation again to see its branches.' });
    }
    await this.appendOutsideRun(id, [{ t: 'branch', at: this.now(), runId }]);
    const summary = summaryOf(await this.get(id, signal));
    this.changed({ ids: [id] });
    return summary;
  }

  /** One conversation with all its messages. Throws `not-found` or `unsupported` (saved by a newer Punie). */
  async get(id: string, signal: AbortSignal): Promise<Conversation> {
    this.assertId(id);
    await this.writers.get(id)?.idle();
    const loaded = await this.catalog.load(id, signal);
    if (loaded.kind === 'ok') return loaded.conversation;
    if (loaded.kind === 'newer') {
      throw new PunieError('unsupported', 'This conversation was saved by a newer version of Punie.', {
        hint: 'Update Punie to open it; the file is kept unchanged.',
      });
    }
    if (loaded.keptAt) throw new PunieError('not-found', `This conversation could not be read; it was kept at ${loaded.keptAt}.`);
    throw notFound();
  }

  async rename(id: string, title: string, signal: AbortSignal): Promise<ConversationSummary> {
    const clean = normalizeTitle(title);
    if (!clean) throw new PunieError('invalid-input', 'A title cannot be empty.');
    await this.get(id, signal);
    await this.appendOutsideRun(id, [{ t: 'title', at: this.now(), title: clean }]);
    const summary = summaryOf(await this.get(id, signal));
    this.changed({ ids: [id] });
    return summary;
  }

  /** Marks where the agent began leaving older messages out of the model's context. */
  async markTrimmed(id: string, before: number, signal: AbortSignal): Promise<void> {
    if (!Number.isInteger(before) || before < 0) throw new PunieError('invalid-input', 'The trim point must be a message index.');
    await this.get(id, signal);
    await this.appendOutsideRun(id, [{ t: 'trim', at: this.now(), before }]);
  }

  /** Moves a conversation to the trash; `restore` brings it back until `purgeTrash`. */
  async delete(id: string, signal: AbortSignal): Promise<{ trashed: boolean }> {
    this.assertId(id);
    const writer = this.writers.get(id);
    if (writer) {
      if (writer.busy) throw running();
      await writer.idle();
      if (writer.busy) throw running();
      await writer.release();
      this.writers.delete(id);
    }
    signal.throwIfAborted();
    await this.catalog.ensureDirs();
    const target = join(this.layout.trash, logFileName(id));
    if (await exists(target)) throw new PunieError('conflict', 'A conversation with this id is already in the trash.');
    // Not while another process writes it: its records would go on into the trash.
    await this.hold(id);
    try {
      await rename(this.catalog.pathOf(id), target);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') throw notFound();
      throw fsFailure('move the conversation to the trash', e);
    } finally {
      await this.unhold(id);
    }
    await syncDir(this.layout.trash);
    this.catalog.forget(id);
    this.content.delete(id);
    this.changed({ ids: [id] });
    return { trashed: true };
  }

  async restore(id: string, signal: AbortSignal): Promise<ConversationSummary> {
    this.assertId(id);
    signal.throwIfAborted();
    const target = this.catalog.pathOf(id);
    if (await exists(target)) throw new PunieError('conflict', 'This conversation is already in your history.');
    try {
      await rename(join(this.layout.trash, logFileName(id)), target);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') throw new PunieError('not-found', 'This conversation is no longer in the trash.');
      throw fsFailure('restore the conversation', e);
    }
    await syncDir(this.layout.conversations);
    const summary = summaryOf(await this.get(id, signal));
    this.changed({ ids: [id] });
    return summary;
  }

  /** Deletes everything in the trash for good (the app calls this when it quits). Returns how many. */
  async purgeTrash(signal: AbortSignal): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.layout.trash);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return 0;
      throw fsFailure('empty the trash', e);
    }
    const logs = names.filter((n) => idFromFileName(n) !== undefined);
    await mapLimit(logs, 4, (n) => rm(join(this.layout.trash, n), { force: true }), signal);
    return logs.length;
  }

  /** The conversation as Markdown, tool calls as collapsible details. */
  async exportMarkdown(id: string, signal: AbortSignal): Promise<string> {
    return conversationToMarkdown(await this.get(id, signal));
  }

  /**
   * Called after a change is on disk: a conversation created, a run's prompt
   * written, a run's last record written, a rename, a delete, a restore. The
   * one source of `conversations.changed` in the app.
   */
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Problems met so far (unreadable, repaired, newer-version files; failed saves), each handed out once. */
  takeNotices(): StoreNotice[] {
    return this.board.take();
  }

  /** Writes what is waiting and releases every file (at quit). */
  async close(): Promise<void> {
    this.catalog.dispose();
    const writers = [...this.writers.values()];
    this.writers.clear();
    await Promise.all(writers.map((w) => w.close()));
    const holds = [...this.holds.values()];
    this.holds.clear();
    await Promise.all([...holds.map((h) => h.lock.then((lock) => lock.release(), () => undefined)), ...this.releasing]);
  }

  // ── internals ─────────────────────────────────────────────────────

  private writerFor(id: string): ConversationWriter {
    let writer = this.writers.get(id);
    if (!writer) {
      const path = this.catalog.pathOf(id);
      writer = new ConversationWriter(path, {
        now: this.now,
        newId: this.newId,
        commitIntervalMs: this.commitIntervalMs,
        onError: (e) => {
          this.log.error('could not save to history', { id, code: errnoCode(e) });
          this.board.add({ kind: 'save-failed', file: path, reason: describeFsError(e) });
        },
      });
      this.writers.set(id, writer);
    }
    return writer;
  }

  /** Appends records in order with any run being recorded, then lets the file go if no run holds it. */
  private async appendOutsideRun(id: string, records: NewRecord[]): Promise<void> {
    await this.hold(id);
    const writer = this.writerFor(id);
    try {
      await writer.appendNow(records);
    } catch (e) {
      throw fsFailure('save the change', e);
    } finally {
      if (!writer.busy) {
        await writer.release();
        if (this.writers.get(id) === writer && !writer.busy) this.writers.delete(id);
      }
      await this.unhold(id);
    }
  }

  /** Takes the conversation's lock for one more run or append (once per conversation); `conversation-in-use` if another process writes it. */
  private async hold(id: string): Promise<void> {
    await this.catalog.ensureDirs();
    let entry = this.holds.get(id);
    if (entry) entry.claims++;
    else {
      entry = { lock: ConversationLock.acquire(join(this.layout.conversations, lockFileName(id)), this.lockOptions), claims: 1 };
      this.holds.set(id, entry);
    }
    try {
      await entry.lock;
    } catch (e) {
      await this.unhold(id);
      throw e instanceof PunieError ? e : fsFailure('take the conversation for writing', e);
    }
  }

  private async unhold(id: string): Promise<void> {
    const entry = this.holds.get(id);
    if (!entry || --entry.claims > 0) return;
    this.holds.delete(id);
    const released = entry.lock.then((lock) => lock.release(), () => undefined);
    this.releasing.add(released);
    try {
      await released;
    } finally {
      this.releasing.delete(released);
    }
  }

  private changed(change: StoreChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (e) {
        this.log.error('a history listener threw', { error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  private assertId(id: string): void {
    if (!isConversationId(id)) throw notFound();
  }
}

function notFound(): PunieError {
  return new PunieError('not-found', 'This conversation does not exist (it may have been deleted).');
}

function running(): PunieError {
  return new PunieError('conflict', 'This conversation is still running.', { hint: 'Stop it, then delete it.' });
}

function fsFailure(what: string, e: unknown): PunieError {
  return new PunieError('internal', `Could not ${what}: ${describeFsError(e)}.`, { cause: e });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
