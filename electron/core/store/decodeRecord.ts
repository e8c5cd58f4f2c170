import { upgradeRecord } from './migrations';
import { logRecordSchema, type LogRecord } from './records';

export type Decoded =
  | { kind: 'record'; record: LogRecord }
  | { kind: 'newer'; version: number }
  | { kind: 'invalid'; reason: string };

/** One log line (without its newline) to a current-version record. */
export function decodeRecord(line: string): Decoded {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  const upgraded = upgradeRecord(raw);
  if (upgraded.kind !== 'ok') return upgraded;
  const parsed = logRecordSchema.safeParse(upgraded.record);
  if (!parsed.success) return { kind: 'invalid', reason: `not a valid record (${parsed.error.issues[0]?.message ?? 'schema'})` };
  return { kind: 'record', record: parsed.data };
}
