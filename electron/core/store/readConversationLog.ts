import type { Conversation } from '../../../shared/conversation';
import { scanLog } from './logReader';
import type { LogRecord } from './records';
import { replay } from './replay';

export type LogOutcome =
  /** Read whole (a torn last record, if any, was dropped). */
  | { kind: 'ok'; conversation: Conversation }
  /** Readable, but some records before the end were not: `applied` is what could be kept. */
  | { kind: 'damaged'; conversation: Conversation; applied: LogRecord[]; problems: string[] }
  /** Written by a newer build: leave it alone. */
  | { kind: 'newer'; version: number }
  /** Nothing usable (no header, random bytes). */
  | { kind: 'corrupt'; reason: string };

/**
 * Reads one conversation log and says what it is. The id comes from the file
 * name, so a renamed copy of a log opens under its new name. Throws only for
 * I/O errors (missing file, no permission, abort).
 */
export async function readConversationLog(path: string, id: string, signal: AbortSignal): Promise<LogOutcome> {
  const scan = await scanLog(path, signal);
  if (scan.newerVersion !== undefined) return { kind: 'newer', version: scan.newerVersion };
  const result = replay(scan.records);
  if (!result.ok) {
    const first = scan.invalid[0];
    return { kind: 'corrupt', reason: first ? `line ${first.line}: ${first.reason}` : result.reason };
  }
  const conversation = { ...result.conversation, id };
  const problems = [
    ...scan.invalid.map((p) => `line ${p.line}: ${p.reason}`),
    ...result.rejected.map((p) => `record ${p.record}: ${p.reason}`),
  ];
  if (problems.length === 0) return { kind: 'ok', conversation };
  return { kind: 'damaged', conversation, applied: result.applied, problems };
}
