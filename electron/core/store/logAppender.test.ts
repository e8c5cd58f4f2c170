import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogAppender, repairTail } from './logAppender';
import { scanLog } from './logReader';
import { encodeRecord } from './records';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-appender-'));
  path = join(dir, 'log.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const meta = encodeRecord({ t: 'meta', id: 'c', createdAt: 1, title: 't' });
const title = (t: string) => encodeRecord({ t: 'title', at: 2, title: t });

async function repair(content: string) {
  await writeFile(path, content);
  const h = await open(path, 'r+');
  try {
    return await repairTail(h);
  } finally {
    await h.close();
  }
}

describe('repairTail', () => {
  it('leaves a clean file alone', async () => {
    expect(await repair(meta)).toBe('clean');
    expect(await readFile(path, 'utf8')).toBe(meta);
  });

  it('cuts a torn last line', async () => {
    expect(await repair(meta + title('x').slice(0, 10))).toBe('truncated');
    expect(await readFile(path, 'utf8')).toBe(meta);
  });

  it('adds the newline a whole last record lost', async () => {
    expect(await repair(meta + title('x').trimEnd())).toBe('newline-added');
    expect(await readFile(path, 'utf8')).toBe(meta + title('x'));
  });

  it('finds the line start beyond one read chunk', async () => {
    const big = title('y'.repeat(200_000));
    expect(await repair(meta + big.slice(0, 150_000))).toBe('truncated');
    expect(await readFile(path, 'utf8')).toBe(meta);
  });
});

describe('LogAppender', () => {
  it('appends whole records in order, one write per call', async () => {
    await writeFile(path, meta);
    const a = new LogAppender(path);
    await Promise.all([a.append(title('one'), { sync: false }), a.append(title('two') + title('three'), { sync: true })]);
    await a.close();
    expect(await readFile(path, 'utf8')).toBe(meta + title('one') + title('two') + title('three'));
  });

  it('never glues a new record onto a torn one', async () => {
    await writeFile(path, meta + title('lost').slice(0, 12));
    const a = new LogAppender(path);
    await a.append(title('next'), { sync: true });
    await a.close();
    const scan = await scanLog(path, new AbortController().signal);
    expect(scan.invalid).toEqual([]);
    expect(scan.records.map((r) => r.t === 'title' && r.title)).toEqual([false, 'next']);
  });

  it('does not create a missing log, and keeps working after a failure', async () => {
    const a = new LogAppender(path);
    await expect(a.append(title('x'), { sync: false })).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFile(path, meta);
    await a.append(title('y'), { sync: false });
    await a.close();
    expect(await readFile(path, 'utf8')).toBe(meta + title('y'));
  });
});
