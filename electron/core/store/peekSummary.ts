import { close, open, read } from 'node:fs';
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
 * preview), and the last record's time. Only the records it needs are
 * decoded. For a long log `messageCount` is an estimate (the message records
 * read) until the rebuild replaces the entry (the sidebar does not show it);
 * a log that fits in what is read is read whole and summarised exactly. Undefined when the head has no readable header (the rebuild then
 * deals with it: quarantine, salvage).
 */

/** Bytes read from each end. */
export const PEEK_BYTES = 8 * 1024;

export async function peekSummary(path: string, id: string, size: number): Promise<ConversationSummary | undefined> {
  // Plain descriptors, not FileHandles: a FileHandle costs several times the CPU to open and close, a thousand times over.
  const fd = await new Promise<number>((resolve, reject) => open(path, 'r', (e, fd) => (e ? reject(e) : resolve(fd))));
  let headText: string;
  let tailText: string;
  // A small log is read whole, and its tail is all of it.
  const whole = size <= 2 * PEEK_BYTES;
  try {
    headText = await readAt(fd, whole ? size : PEEK_BYTES, 0);
    tailText = whole ? headText : await readAt(fd, PEEK_BYTES, size - PEEK_BYTES);
  } finally {
    await new Promise<void>((resolve) => close(fd, () => resolve()));
  }
  if (whole) return wholeSummary(headText, id);
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
  for (let i = tailLines.length - 1; i >= 0; i--) {
    const line = tailLines[i]!;
    const isMsg = line.includes('"t":"msg"');
    if (isMsg) tailMessages++;
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
  if (answer) messages.push(answer);
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
  return summary;
}

function readAt(fd: number, length: number, position: number): Promise<string> {
  const buffer = Buffer.allocUnsafe(length);
  return new Promise((resolve, reject) => read(fd, buffer, 0, length, position, (e, n) => (e ? reject(e) : resolve(buffer.toString('utf8', 0, n)))));
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
