import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanLog } from './logReader';
import { encodeRecord, RECORD_VERSION } from './records';

let dir: string;
const signal = new AbortController().signal;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-reader-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const meta = encodeRecord({ t: 'meta', id: 'c', createdAt: 1, title: 't' });
const user = (content: string) => encodeRecord({ t: 'msg', at: 2, message: { role: 'user', id: content, content, createdAt: 2 } });

async function scan(content: string | Buffer) {
  const path = join(dir, 'log.jsonl');
  await writeFile(path, content);
  return scanLog(path, signal);
}

describe('scanLog', () => {
  it('reads every whole record', async () => {
    const s = await scan(meta + user('a') + user('b'));
    expect(s.records.map((r) => r.t)).toEqual(['meta', 'msg', 'msg']);
    expect(s.invalid).toEqual([]);
    expect(s.tornTail).toBe(false);
  });

  it('drops a torn last record and nothing else', async () => {
    const torn = user('c').slice(0, 25);
    const s = await scan(meta + user('a') + user('b') + torn);
    expect(s.records).toHaveLength(3);
    expect(s.tornTail).toBe(true);
    expect(s.invalid).toEqual([]);
  });

  it('keeps a last record that is whole but lost its newline', async () => {
    const s = await scan(meta + user('a').trimEnd());
    expect(s.records).toHaveLength(2);
    expect(s.tornTail).toBe(false);
  });

  it('reports a damaged line in the middle with its number', async () => {
    const s = await scan(meta + '{"v":1,"t":"msg",garbage\n' + user('b'));
    expect(s.records).toHaveLength(2);
    expect(s.invalid).toEqual([{ line: 2, reason: 'not JSON' }]);
  });

  it('reports a well-formed JSON line that is not a record', async () => {
    const s = await scan(meta + JSON.stringify({ v: 1, t: 'msg', at: 1, message: { role: 'robot' } }) + '\n');
    expect(s.invalid).toHaveLength(1);
    expect(s.invalid[0]?.reason).toMatch(/not a valid record/);
  });

  it('stops at a record from a newer build', async () => {
    const newer = JSON.stringify({ v: RECORD_VERSION + 1, t: 'hologram' }) + '\n';
    const s = await scan(meta + newer + user('a'));
    expect(s.newerVersion).toBe(RECORD_VERSION + 1);
    expect(s.records).toHaveLength(1);
  });

  it('finds nothing in random bytes', async () => {
    const s = await scan(randomBytes(4096));
    expect(s.records).toEqual([]);
  });

  it('reads records that straddle read-buffer boundaries, multi-byte text included', async () => {
    const long = 'é✓'.repeat(200_000);
    const s = await scan(meta + user(long) + user('after'));
    expect(s.records).toHaveLength(3);
    const m = s.records[1];
    expect(m?.t === 'msg' && m.message.content).toBe(long);
  });

  it('rejects when aborted', async () => {
    const path = join(dir, 'log.jsonl');
    await writeFile(path, meta);
    await expect(scanLog(path, AbortSignal.abort())).rejects.toThrow();
  });
});
