import { describe, expect, it } from 'vitest';
import { upgradeRecord, type Migration } from './migrations';
import { RECORD_VERSION } from './records';

describe('upgradeRecord', () => {
  it('passes current records through', () => {
    const r = { v: RECORD_VERSION, t: 'title', at: 1, title: 'x' };
    expect(upgradeRecord(r)).toEqual({ kind: 'ok', record: r });
  });

  it('upgrades an old record step by step and leaves the input object alone', () => {
    const migrations: Record<number, Migration> = {
      1: (r) => ({ ...r, name: r.title }),
      2: ({ name, ...rest }) => ({ ...rest, label: name }),
    };
    const old = { v: 1, t: 'title', title: 'Old' };
    const result = upgradeRecord(old, 3, migrations);
    expect(result).toEqual({ kind: 'ok', record: { v: 3, t: 'title', title: 'Old', label: 'Old' } });
    expect(old).toEqual({ v: 1, t: 'title', title: 'Old' });
  });

  it('reports a record from a newer build instead of guessing at it', () => {
    expect(upgradeRecord({ v: RECORD_VERSION + 1, t: 'hologram' })).toEqual({ kind: 'newer', version: RECORD_VERSION + 1 });
  });

  it('rejects records without a usable version, and versions with no migration', () => {
    expect(upgradeRecord({ t: 'meta' }).kind).toBe('invalid');
    expect(upgradeRecord({ v: '1' }).kind).toBe('invalid');
    expect(upgradeRecord([1, 2]).kind).toBe('invalid');
    expect(upgradeRecord(null).kind).toBe('invalid');
    expect(upgradeRecord({ v: 1 }, 2, {})).toEqual({ kind: 'invalid', reason: 'no migration from version 1' });
  });
});
