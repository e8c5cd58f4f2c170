import type { AgentEvent } from '../../../shared/agentEvents';
import type { ConversationMessage } from '../../../shared/conversation';
import type { FileChange } from '../undo/fileState';

/**
 * How the agent reaches conversation history without knowing how it is
 * stored. The file-backed store (electron/core/store) and an in-memory one
 * (tests, `punie ask` without history) both implement it.
 */
export interface AgentHistoryPort {
  /**
   * Opens a conversation to continue (id given) or creates one (id omitted).
   * Returns its id, its earlier messages, oldest first, and the workspace it
   * recorded (where its tools act, whatever folder is current now), and
   * the run its branch in view ends at when the user switched there
   * (absent: the latest run's branch; a prompt without a parent follows it).
   * Throws PunieError `not-found` for an unknown id.
   * `newId`, when creating: the id the new conversation gets (an editor's
   * ACP session names its conversation before the first prompt creates it);
   * `conflict` when one with that id exists. `title`, when creating: the
   * title the agent made from the first prompt (shared/text titleFromPrompt).
   */
  open(
    input: { id?: string; newId?: string; title: string; model: string; workspace?: string },
    signal: AbortSignal,
  ): Promise<{ id: string; messages: ConversationMessage[]; workspace?: string; currentRunId?: string }>;

  /**
   * Receives every event of a run on that conversation, in order, and
   * persists as it goes (the user message from `run-start`, the streaming
   * answer, each finished tool call, the end of the run). Never throws: a
   * storage failure is logged and reported, it does not stop the run.
   */
  record(conversationId: string, event: AgentEvent): void;

  /**
   * Optional: the run that opened this conversation will record nothing
   * (it failed before it started), so whatever `open` took for it (the
   * store's one-writer lock) is let go. A run that starts lets it go with
   * its last event instead.
   */
  release?(conversationId: string): Promise<void>;

  /** Resolves when everything recorded so far for that conversation is durable. */
  flush(conversationId: string): Promise<void>;

  /**
   * Optional: keeps what a file held before a run changes it (undo), durably,
   * before the change is made. Absent: runs are not undoable.
   */
  recordChange?(conversationId: string, runId: string, change: FileChange): Promise<void>;

  /**
   * Optional: remembers where the agent began leaving older messages out of
   * the model's context (an index into the conversation's messages), so the
   * UI can mark it. Called before the run's `run-start`.
   */
  markTrimmed?(conversationId: string, before: number, signal: AbortSignal): Promise<void>;
}
