import { join } from 'node:path';

/**
 * Where history lives inside the data folder:
 *
 *   <dataDir>/history/
 *     conversations/<id>.jsonl   one append-only log per conversation (the truth)
 *     conversations/<id>.lock    while a process writes it: which one (one writer per conversation)
 *     index.v1.json              summaries for the list, rebuilt from the logs
 *     trash/<id>.jsonl           deleted, restorable until the trash is purged
 *     quarantine/<id>.<when>.jsonl  unreadable files, moved aside, never rewritten
 */
export interface HistoryLayout {
  root: string;
  conversations: string;
  trash: string;
  quarantine: string;
  index: string;
}

export function historyLayout(dataDir: string): HistoryLayout {
  const root = join(dataDir, 'history');
  return {
    root,
    conversations: join(root, 'conversations'),
    trash: join(root, 'trash'),
    quarantine: join(root, 'quarantine'),
    index: join(root, 'index.v1.json'),
  };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const LOG_NAME = /^([A-Za-z0-9][A-Za-z0-9_-]{0,127})\.jsonl$/;

/** Conversation ids are file names: letters, digits, `-` and `_` only, so no id can reach outside the folder. */
export function isConversationId(id: string): boolean {
  return ID.test(id);
}

export function logFileName(id: string): string {
  return `${id}.jsonl`;
}

/** The lock file beside a conversation's log while a process writes it (conversationLock.ts). */
export function lockFileName(id: string): string {
  return `${id}.lock`;
}

/** The id a log file holds, or undefined for anything else in the folder. */
export function idFromFileName(name: string): string | undefined {
  return LOG_NAME.exec(name)?.[1];
}

/** A quarantine name that keeps the original name and never collides: `<id>.<when>.jsonl`. */
export function quarantineName(fileName: string, now: number, nonce: string): string {
  const stem = fileName.replace(/\.jsonl$/, '');
  const when = new Date(now).toISOString().replace(/[:.]/g, '-');
  return `${stem}.${when}-${nonce}.jsonl`;
}
