import { RECORD_VERSION } from './records';

/**
 * Upgrading records written by older builds. Records are upgraded in memory
 * as they are read and never rewritten in place, so an older log stays
 * byte-for-byte what it was (a downgrade can still read it) and new records
 * are appended at the current version beside the old ones.
 *
 * To change the format: bump RECORD_VERSION, and add MIGRATIONS[old] that
 * turns a record of version `old` into one of version `old + 1`.
 */
export type RawRecord = Record<string, unknown>;
export type Migration = (record: RawRecord) => RawRecord;

/** MIGRATIONS[n] upgrades a version-n record to version n+1. Version 1 is the first format. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  // Version 2 added record types (workspace, change, undo); a version-1 record means the same in version 2.
  1: (record) => record,
  // Version 3 added the branch record; a version-2 record means the same in version 3.
  2: (record) => record,
};

export type Upgrade =
  | { kind: 'ok'; record: RawRecord }
  | { kind: 'newer'; version: number }
  | { kind: 'invalid'; reason: string };

export function upgradeRecord(
  raw: unknown,
  current: number = RECORD_VERSION,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): Upgrade {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { kind: 'invalid', reason: 'not a JSON object' };
  let record = raw as RawRecord;
  const version = record.v;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { kind: 'invalid', reason: 'no schema version' };
  }
  if (version > current) return { kind: 'newer', version };
  // Bounded: one step per version between the record's and the current one.
  for (let v = version; v < current; v++) {
    const step = migrations[v];
    if (!step) return { kind: 'invalid', reason: `no migration from version ${v}` };
    record = { ...step(record), v: v + 1 };
  }
  return { kind: 'ok', record };
}
