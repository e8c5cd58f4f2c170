import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationLock, lockHolder } from './conversationLock';

let dir: string;
let path: string;
const taken: ConversationLock[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'punie-lock-'));
  path = join(dir, 'c1.lock');
});
afterEach(async () => {
  for (const lock of taken.splice(0)) await lock.release();
  rmSync(dir, { recursive: true, force: true });
});

async function take(options: Parameters<typeof ConversationLock.acquire>[1] = { face: 'cli' }): Promise<ConversationLock> {
  const lock = await ConversationLock.acquire(path, options);
  taken.push(lock);
  return lock;
}

/** A pid that ran on this host and is gone now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function writeLock(fields: { pid: number; host?: string; startedAt?: number; face?: string; nonce?: string }): void {
  writeFileSync(path, JSON.stringify({ v: 1, host: hostname(), startedAt: Date.now(), face: 'cli', nonce: 'old', ...fields }));
}

describe('ConversationLock', () => {
  it('take: the lock file names this process, its host, when and which face', async () => {
    const before = Date.now();
    const lock = await take({ face: 'app' });
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ v: 1, pid: process.pid, host: hostname(), face: 'app' });
    expect(onDisk.startedAt).toBeGreaterThanOrEqual(before);
    expect(lock.owner).toMatchObject({ pid: process.pid, face: 'app' });
    expect(await lockHolder(path)).toMatchObject({ pid: process.pid, face: 'app' });
    // Only the lock: the temporary file it was made in is gone.
    expect(readdirSync(dir)).toEqual(['c1.lock']);
  });

  it('refuse: a second writer gets conversation-in-use, in one sentence naming the holder and what to do', async () => {
    await take({ face: 'cli' });
    const second = ConversationLock.acquire(path, { face: 'app' });
    await expect(second).rejects.toMatchObject({
      code: 'conversation-in-use',
      message: `This conversation is in use by punie (pid ${process.pid}); continue it there once it finishes, or start a new one.`,
      hint: undefined,
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ face: 'cli' });
  });

  it('refuse: a live process of another host holds it until its lock is too old', async () => {
    writeLock({ pid: 1, host: 'elsewhere.example' });
    await expect(take({ face: 'cli', isRunning: () => false })).rejects.toMatchObject({
      code: 'conversation-in-use',
      message: expect.stringContaining('pid 1 on elsewhere.example'),
    });
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(path, old, old);
    const lock = await take({ face: 'cli' });
    expect(lock.owner.pid).toBe(process.pid);
  });

  it('stale takeover: a lock whose process is gone (same host) is taken over', async () => {
    const gone = deadPid();
    writeLock({ pid: gone });
    expect(await lockHolder(path)).toBeUndefined();
    const lock = await take();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(lock.owner.pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['c1.lock']);
  });

  it.runIf(process.platform === 'linux')('a live holder keeps its lock however long it is quiet (stopped with Ctrl-Z); a pid now held by a newer process is stale', async () => {
    // process.ppid started before now: it is the holder, quiet for longer than staleMs.
    writeLock({ pid: process.ppid });
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(path, old, old);
    await expect(take({ face: 'cli', staleMs: 60_000 })).rejects.toMatchObject({ code: 'conversation-in-use' });
    // The lock was taken an hour before this pid's process started: the pid was reused, the holder is gone.
    writeLock({ pid: process.pid, startedAt: Date.now() - 60 * 60_000 });
    const lock = await take({ face: 'app' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ face: 'app', startedAt: lock.owner.startedAt });
  });

  it('stale takeover by four at once: exactly one wins, the others are refused, no guard is left', async () => {
    writeLock({ pid: deadPid() });
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((face) => ConversationLock.acquire(path, { face })));
    const won = results.filter((r): r is PromiseFulfilledResult<ConversationLock> => r.status === 'fulfilled').map((r) => r.value);
    taken.push(...won);
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conversation-in-use' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ face: won[0]!.owner.face });
    expect(readdirSync(dir)).toEqual(['c1.lock']);
  });

  it('a takeover guard left by a crash is removed once old, and the stale lock is taken over', async () => {
    writeLock({ pid: deadPid() });
    writeFileSync(`${path}.takeover`, '1');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.takeover`, old, old);
    const lock = await take();
    expect(lock.owner.pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['c1.lock']);
  });

  it('an unreadable lock file is refused with the file named, and taken over once it is old', async () => {
    writeFileSync(path, 'not a lock');
    await expect(take()).rejects.toMatchObject({ code: 'conversation-in-use', message: expect.stringContaining(path) });
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(path, old, old);
    await take();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('release: the file goes and the next writer takes it; release twice is harmless', async () => {
    const lock = await take();
    await lock.release();
    expect(existsSync(path)).toBe(false);
    await lock.release();
    const next = await take({ face: 'app' });
    expect(next.owner.face).toBe('app');
  });

  it('release never removes a lock that is no longer its own (taken over meanwhile)', async () => {
    const lock = await take();
    writeLock({ pid: process.pid, nonce: 'someone-else' });
    await lock.release();
    expect(existsSync(path)).toBe(true);
    lock.releaseSync();
    expect(existsSync(path)).toBe(true);
  });

  it('releaseSync (the exit path) removes its own lock', async () => {
    const lock = await take();
    lock.releaseSync();
    expect(existsSync(path)).toBe(false);
  });

  it('a process that exits without releasing (process.exit) leaves no lock; one killed with SIGKILL leaves a stale one', () => {
    const module = new URL('./conversationLock.ts', import.meta.url).pathname;
    const script = (end: string) =>
      `import('${module}').then(async (m) => { await m.ConversationLock.acquire(${JSON.stringify(path)}, { face: 'cli' }); ${end} });`;
    const tsx = ['--import', 'tsx', '--input-type=module', '-e'];
    const exited = spawnSync(process.execPath, [...tsx, script('process.exit(3)')], { encoding: 'utf8' });
    expect(exited.status, exited.stderr).toBe(3);
    expect(existsSync(path)).toBe(false);
    const killed = spawnSync(process.execPath, [...tsx, script("process.kill(process.pid, 'SIGKILL')")], { encoding: 'utf8' });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(existsSync(path)).toBe(true);
    return lockHolder(path).then((holder) => expect(holder).toBeUndefined());
  }, 60_000);
});
