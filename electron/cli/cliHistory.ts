import type { AgentEvent } from '../../shared/agentEvents';
import type { AgentHistoryPort } from '../core/agent/agentHistoryPort';
import { createMemoryAgentHistory } from '../core/agent/memoryAgentHistory';
import { isAbortError, isPunieError, PunieError } from '../core/errors';
import type { ConversationStore } from '../core/store/conversationStore';
import { resolveDataDir } from '../core/store/dataDir';
import { describeFsError } from '../core/store/fsErrors';
import type { CliOutput } from './cliContext';

/**
 * The history a CLI command works with: the conversation store in the data
 * folder, or (with `--no-history`) an in-memory port that keeps nothing.
 * Store notices (unreadable files moved to quarantine, failed saves) are
 * printed on stderr, each once.
 */
export interface CliHistory {
  /** What the agent records into. */
  readonly port: AgentHistoryPort;
  /** The store, unless history is off. */
  readonly store?: ConversationStore;
  /** Prints the store's notices not shown yet. */
  printNotices(): void;
  /** Writes what is waiting and lets the files go. */
  close(): Promise<void>;
}

export interface CliHistoryOptions {
  enabled: boolean;
  env: Readonly<Record<string, string | undefined>>;
  stderr: CliOutput;
  /** For tests: how long streamed text may wait before it is written. */
  commitIntervalMs?: number;
  /** Named in the lock of a conversation this process writes (`cli` unless `acp`). */
  face?: 'cli' | 'acp';
}

/** Opens the history; the store's code is loaded only when history is on (`--no-history` never loads it). */
export async function openCliHistory(options: CliHistoryOptions): Promise<CliHistory> {
  if (!options.enabled) {
    return { port: createMemoryAgentHistory(), printNotices: () => undefined, close: async () => undefined };
  }
  const { ConversationStore } = await import('../core/store/conversationStore');
  const dataDir = resolveDataDir({ env: options.env });
  const store = new ConversationStore({ dataDir, face: options.face ?? 'cli', ...(options.commitIntervalMs === undefined ? {} : { commitIntervalMs: options.commitIntervalMs }) });
  const printNotices = () => {
    for (const notice of store.takeNotices()) options.stderr.write(`punie: ${notice.message}\n`);
  };
  const port = withMemoryFallback(store, (reason) => {
    options.stderr.write(`punie: this conversation is not being saved: could not write to ${store.layout.root} (${reason}).\n  Free some space or fix the folder's permissions, set PUNIE_HOME to another folder, or pass --no-history.\n`);
  });
  return { port, store, printNotices, close: () => store.close() };
}

/**
 * The store as the agent's port, except that a new conversation the store
 * cannot create (a read-only or full disk) goes on in memory, after telling
 * the user, rather than failing the run. Continuing a conversation that
 * cannot be opened still fails: there is nothing to continue.
 */
export function withMemoryFallback(store: AgentHistoryPort, onFallback: (reason: string) => void): AgentHistoryPort {
  const memory = createMemoryAgentHistory();
  const inMemory = new Set<string>();
  const portFor = (id: string): AgentHistoryPort => (inMemory.has(id) ? memory : store);
  return {
    async open(input, signal) {
      if (input.id !== undefined) return store.open(input, signal);
      try {
        return await store.open(input, signal);
      } catch (e) {
        if (signal.aborted || isAbortError(e)) throw e;
        onFallback(isPunieError(e) ? e.message.replace(/\.$/, '') : describeFsError(e));
        const opened = await memory.open(input, signal);
        inMemory.add(opened.id);
        return opened;
      }
    },
    record(conversationId: string, event: AgentEvent) {
      portFor(conversationId).record(conversationId, event);
    },
    flush(conversationId) {
      return portFor(conversationId).flush(conversationId);
    },
    async release(conversationId) {
      await portFor(conversationId).release?.(conversationId);
    },
    async recordChange(conversationId, runId, change) {
      await portFor(conversationId).recordChange?.(conversationId, runId, change);
    },
    async markTrimmed(conversationId, before, signal) {
      await portFor(conversationId).markTrimmed?.(conversationId, before, signal);
    },
  };
}

/** A failure to read the history folder, in words a user can act on (aborts and PunieErrors pass through). */
export function historyReadFailure(e: unknown, folder: string): unknown {
  if (isPunieError(e) || isAbortError(e)) return e;
  return new PunieError('internal', `Could not read the history in ${folder}: ${describeFsError(e)}.`, {
    hint: 'Check the folder\'s permissions, or set PUNIE_HOME to another folder.',
    cause: e,
  });
}
