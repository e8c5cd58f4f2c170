import { createReadStream } from 'node:fs';
import { decodeRecord } from './decodeRecord';
import type { LogRecord } from './records';

/** A line longer than this is not a record Punie wrote; it is skipped as damage. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface LogScan {
  records: LogRecord[];
  /** Lines that ended with a newline but could not be read (1-based line numbers). */
  invalid: { line: number; reason: string }[];
  /** Set when a record from a newer build was met; reading stopped there. */
  newerVersion?: number;
  /** A last line without its newline that was not a whole record, dropped. */
  tornTail: boolean;
  /** Bytes read. */
  bytes: number;
}

/**
 * Streams a conversation log and decodes it line by line. Only the last line
 * may be torn (a crash in the middle of an append): without its newline and
 * not a whole record, it is dropped. A last line that is a whole record but
 * lost its newline is kept. Anything wrong before that is reported in
 * `invalid`, never silently skipped.
 */
export async function scanLog(path: string, signal: AbortSignal): Promise<LogScan> {
  const scan: LogScan = { records: [], invalid: [], tornTail: false, bytes: 0 };
  let lineNo = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversized = false;

  const take = (text: string, terminated: boolean): boolean => {
    lineNo++;
    if (text.trim() === '') return true;
    const decoded = decodeRecord(text);
    if (decoded.kind === 'record') {
      scan.records.push(decoded.record);
      return true;
    }
    if (decoded.kind === 'newer') {
      scan.newerVersion = decoded.version;
      return false;
    }
    if (terminated) scan.invalid.push({ line: lineNo, reason: decoded.reason });
    else scan.tornTail = true;
    return true;
  };

  const stream = createReadStream(path, { signal, highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      scan.bytes += chunk.length;
      let start = 0;
      // Bounded by the chunk's length: each pass consumes one newline.
      for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl);
        start = nl + 1;
        if (oversized) {
          oversized = false;
          pending = [];
          pendingBytes = 0;
          lineNo++;
          scan.invalid.push({ line: lineNo, reason: 'record too large' });
          continue;
        }
        const line = pendingBytes ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingBytes = 0;
        if (!take(line.toString('utf8'), true)) return scan;
      }
      if (start < chunk.length && !oversized) {
        const rest = chunk.subarray(start);
        pendingBytes += rest.length;
        if (pendingBytes > MAX_RECORD_BYTES) {
          oversized = true;
          pending = [];
          pendingBytes = 0;
        } else {
          pending.push(Buffer.from(rest));
        }
      }
    }
  } finally {
    stream.destroy();
  }
  if (oversized) scan.tornTail = true;
  else if (pendingBytes) take(Buffer.concat(pending).toString('utf8'), false);
  return scan;
}
