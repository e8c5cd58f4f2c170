import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ConversationMessage, ConversationSummary } from '../../../shared/conversation';
import { decodeRecord } from './decodeRecord';
import type { LogRecord, MetaRecord } from './records';
import { replay } from './replay';
import { summarize } from './summary';

/**
 * A provisional summary of one log from its first and last few kilobytes,
 * for the history list while the index is rebuilt: the header (id, created,
 * title, model, workspace), the first prompt (the title when none was given),
 * renames, workspace changes and the latest answer near the end (model,
 * preview; none when the user switched branches after the latest prompt,
 * as the branch's answer may be far up the log), and the last record's time. Only the records it needs are
 * decoded. For a long log `messageCount` is an estimate (the message records
 * read) until the rebuild replaces the entry (the sidebar does not show it);
 * a log that fits in what is read is read whole and summarised exactly. Undefined when the head has no readable header (the rebuild then
 * deals with it: quarantine, salvage).
 */

/** Bytes read from each end. */
export const PEEK_BYTES = 8 * 1024;

/** A log's size, modification time and provisional summary (undefined: no readable header). */
export interface PeekedLog {
  size: number;
  mtimeMs: number;
  summary: ConversationSummary | undefined;
}

/**
 * Reads one log's ends with synchronous calls into `buffer` (at least
 * 2 × PEEK_BYTES, reused from log to log): the history list peeks a
 * thousand logs, and a thread-pool round trip per open, read and close costs
 * several times what the reads do (a file in the page cache is read in
 * microseconds). The caller keeps each batch small and yields between batches.
 */
export function peekLogSync(path: string, id: string, buffer: Buffer): PeekedLog {
  const fd = openSync(path, 'r');
  let size: number;
  let mtimeMs: number;
  let headText: string;
  let tailText: string;
  let whole: boolean;
  try {
    const st = fstatSync(fd);
    size = st.size;
    mtimeMs = st.mtimeMs;
    // A small log is read whole, and its tail is all of it.
    whole = size <= 2 * PEEK_BYTES;
    const headLength = readSync(fd, buffer, 0, whole ? size : PEEK_BYTES, 0);
    headText = buffer.toString('utf8', 0, headLength);
    if (whole) tailText = headText;
    else {
      const tailLength = readSync(fd, buffer, PEEK_BYTES, PEEK_BYTES, size - PEEK_BYTES);
      tailText = buffer.toString('utf8', PEEK_BYTES, PEEK_BYTES + tailLength);
    }
  } finally {
    closeSync(fd);
  }
  let summary: ConversationSummary | undefined;
  try {
    summary = whole ? wholeSummary(headText, id) : summaryFromEnds(headText, tailText, id);
  } catch {
    summary = undefined;
  }
  return { size, mtimeMs, summary };
}

/** A buffer for peekLogSync. */
export function peekBuffer(): Buffer {
  return Buffer.allocUnsafe(2 * PEEK_BYTES);
}

/** The provisional summary of a long log from its first and last PEEK_BYTES. */
function summaryFromEnds(headText: string, tailText: string, id: string): ConversationSummary | undefined {
  const headLines = completeLines(headText, false);
  const first = headLines[0] === undefined ? undefined : decodeRecord(headLines[0]);
  if (first?.kind !== 'record' || first.record.t !== 'meta') return undefined;
  const meta: MetaRecord = first.record;

  const messages: ConversationMessage[] = [];
  // The first prompt, from the head: the title when the header has none.
  for (let i = 1; i < headLines.length && meta.title === ''; i++) {
    const line = headLines[i]!;
    if (!line.includes('"t":"msg"') || !line.includes('"role":"user"')) continue;
    const d = decodeRecord(line);
    if (d.kind === 'record' && d.record.t === 'msg' && d.record.message.role === 'user') {
      messages.push(d.record.message);
      break;
    }
  }

  // The tail, newest first: the last record's time, renames, workspace changes, the latest answer.
  const tailLines = completeLines(tailText, true);
  let updatedAt = meta.createdAt;
  let renamedTo: string | undefined;
  let workspace = meta.workspace;
  let answer: ConversationMessage | undefined;
  let timed = false;
  let tailMessages = 0;
  // A switch to another branch after the latest prompt: the latest answer may be another branch's.
  let sawPrompt = false;
  let switched = false;
  for (let i = tailLines.length - 1; i >= 0; i--) {
    const line = tailLines[i]!;
    const isMsg = line.includes('"t":"msg"');
    if (isMsg) tailMessages++;
    if (isMsg && line.includes('"role":"user"')) sawPrompt = true;
    else if (!sawPrompt && line.includes('"t":"branch"')) switched = true;
    const wanted = !timed || (isMsg && answer === undefined && line.includes('"role":"assistant"')) || (renamedTo === undefined && line.includes('"t":"title"')) || (workspace === meta.workspace && line.includes('"t":"workspace"'));
    if (!wanted) continue;
    const d = decodeRecord(line);
    if (d.kind !== 'record') continue;
    const r: LogRecord = d.record;
    if (!timed && r.t !== 'meta') {
      updatedAt = Math.max(updatedAt, r.at);
      timed = true;
    }
    if (r.t === 'msg' && r.message.role === 'assistant' && answer === undefined) answer = r.message;
    else if (r.t === 'title' && renamedTo === undefined) renamedTo = r.title;
    else if (r.t === 'workspace' && workspace === meta.workspace) workspace = r.workspace;
  }
  if (answer && !switched) messages.push(answer);
  const summary = summarize({
    id,
    createdAt: meta.createdAt,
    updatedAt,
    metaTitle: meta.title,
    ...(renamedTo !== undefined && { renamedTo }),
    ...(meta.model !== undefined && { metaModel: meta.model }),
    ...(workspace !== undefined && { workspace }),
    messages,
  });
  // An estimate: the message records read (a streamed answer's records repeat its id); the rebuild counts exactly.
  summary.messageCount = Math.max(messages.length, tailMessages);
  // Which answer ends the branch in view needs the whole log: no preview until the rebuild says.
  if (switched) delete summary.preview;
  return summary;
}

/** A log read whole: every record decoded and replayed, as the rebuild does (undefined when it is not clean). */
function wholeSummary(text: string, id: string): ConversationSummary | undefined {
  const records: LogRecord[] = [];
  for (const line of completeLines(text, false)) {
    const d = decodeRecord(line);
    if (d.kind !== 'record') return undefined;
    records.push(d.record);
  }
  const result = replay(records);
  if (!result.ok || result.rejected.length) return undefined;
  const { messages: _messages, trimmedBefore: _trimmed, currentRunId: _current, ...summary } = result.conversation;
  return { ...summary, id };
}

/** The whole lines of `text`: a cut-off last line is dropped, and so is a cut-off first line when `fromMiddle`. */
function completeLines(text: string, fromMiddle: boolean): string[] {
  const lines = text.split('\n');
  lines.pop();
  if (fromMiddle) lines.shift();
  return lines.filter((l) => l.trim() !== '');
}
