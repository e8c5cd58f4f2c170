import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { z } from 'zod';
import { PunieError } from '../errors';
import { errnoCode } from './fsErrors';

/**
 * One writer per conversation (issue 11, item 4): a lock file beside the
 * conversation's log, `<id>.lock`, naming the process that writes it (pid,
 * host, start time, which face). It is made whole in a temporary file and
 * linked into place, so it appears atomically and only once (link fails if
 * the name exists, like O_EXCL, and it works on network folders too).
 *
 * A lock is stale, and taken over, when its process is gone (same host: its
 * pid no longer runs, or, on Linux, the pid now belongs to a process that
 * started after the lock was taken), or when it has not been refreshed for
 * `staleMs` and its process cannot be checked (another machine sharing the
 * folder; macOS, where a reused pid cannot be told apart): the holder
 * touches it every `heartbeatMs`. A takeover removes the stale lock under
 * a guard file (taken exclusively) and only if it is still the lock judged
 * stale, so a fresh lock is never removed; then it takes the lock as anyone
 * does (only one link wins).
 *
 * Released when the writer is done, and on every exit that runs exit
 * handlers (Ctrl-C, the app quitting, an uncaught error); a `kill -9` leaves
 * the file, which the next writer finds stale (its pid is gone).
 */

export interface LockOwner {
  pid: number;
  host: string;
  /** When the holder took the lock (ms since the epoch). */
  startedAt: number;
  /** Which face holds it: `app`, `cli`, `acp`. */
  face: string;
}

const lockFileSchema = z.object({
  v: z.literal(1),
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.number(),
  face: z.string(),
  nonce: z.string(),
});
type LockFile = z.infer<typeof lockFileSchema>;

export interface LockOptions {
  face: string;
  pid?: number;
  host?: string;
  now?: () => number;
  /** A lock not refreshed for this long is stale, whoever holds it (default 2 minutes). */
  staleMs?: number;
  /** How often the holder refreshes its lock (default 20 s). */
  heartbeatMs?: number;
  /** Whether a process of this host runs (tests). */
  isRunning?: (pid: number) => boolean;
}

export const DEFAULT_STALE_MS = 120_000;
const DEFAULT_HEARTBEAT_MS = 20_000;
/** Attempts at taking a lock that keeps changing hands under us (a bound, not a limit anyone reaches). */
const MAX_ATTEMPTS = 20;

/** The error a second writer gets; the face adds what to do. */
export function inUseError(owner: LockOwner): PunieError {
  // One sentence, what to do included: the CLI prints it as one line.
  return new PunieError('conversation-in-use', `This conversation is in use by ${describeOwner(owner)}; continue it there once it finishes, or start a new one.`);
}

export function describeOwner(owner: LockOwner): string {
  const face = owner.face === 'app' ? 'the Punie app' : owner.face === 'acp' ? 'Punie in an editor (punie acp)' : owner.face === 'cli' ? 'punie' : 'Punie';
  const where = owner.host === hostname() ? '' : ` on ${owner.host}`;
  return `${face} (pid ${owner.pid}${where})`;
}

export class ConversationLock {
  private timer: NodeJS.Timeout | undefined;
  private released = false;

  private constructor(
    readonly path: string,
    private readonly nonce: string,
    readonly owner: LockOwner,
  ) {}

  /** Takes the lock at `path`, taking over a stale one; throws `conversation-in-use` when another live writer holds it. */
  static async acquire(path: string, options: LockOptions): Promise<ConversationLock> {
    const now = options.now ?? Date.now;
    const owner: LockOwner = { pid: options.pid ?? process.pid, host: options.host ?? hostname(), startedAt: now(), face: options.face };
    const nonce = randomUUID();
    const content = JSON.stringify({ v: 1, ...owner, nonce } satisfies LockFile);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (await createExclusive(path, content)) {
        const lock = new ConversationLock(path, nonce, owner);
        lock.startHeartbeat(options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
        held.add(lock);
        hookExit();
        return lock;
      }
      const current = await readLock(path);
      if (current === 'gone') continue; // released meanwhile: try again
      if (current !== 'unreadable' && !isStale(current, options, now)) throw inUseError(current.owner);
      if (current === 'unreadable') {
        // Not a lock we wrote (made whole before it is linked): garbage, or a foreign file. Taken over once old.
        const age = await stat(path).then((s) => now() - s.mtimeMs, () => 0);
        if (age < (options.staleMs ?? DEFAULT_STALE_MS)) {
          throw new PunieError('conversation-in-use', `This conversation's lock file cannot be read: ${path}.`, {
            hint: 'If no other Punie is writing it, delete that file and try again.',
          });
        }
      }
      await takeOver(path, current === 'unreadable' ? undefined : current.nonce);
    }
    throw new PunieError('conversation-in-use', 'This conversation is being taken by other Punie processes at the same moment.', {
      hint: 'Try again in a moment.',
    });
  }

  /** Lets the lock go (if it is still ours). Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.stopHeartbeat();
    try {
      const current = await readLock(this.path);
      if (typeof current === 'object' && current.nonce === this.nonce) await unlink(this.path).catch(() => undefined);
    } finally {
      // Only now: a process that exits meanwhile still removes it on its way out.
      held.delete(this);
    }
  }

  /** At process exit: the same, synchronously. */
  releaseSync(): void {
    if (!held.has(this)) return;
    this.released = true;
    this.stopHeartbeat();
    held.delete(this);
    try {
      const parsed = lockFileSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      if (parsed.success && parsed.data.nonce === this.nonce) unlinkSync(this.path);
    } catch {
      // gone, or not ours any more
    }
  }

  private startHeartbeat(ms: number): void {
    this.timer = setInterval(() => {
      const t = new Date();
      utimes(this.path, t, t).catch(() => undefined);
    }, ms);
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Who holds the lock at `path`, if anyone (a stale lock counts as nobody). */
export async function lockHolder(path: string, options: Pick<LockOptions, 'staleMs' | 'now' | 'isRunning'> = {}): Promise<LockOwner | undefined> {
  const current = await readLock(path);
  if (typeof current !== 'object') return undefined;
  return isStale(current, options, options.now ?? Date.now) ? undefined : current.owner;
}

type ReadLock = { owner: LockOwner; nonce: string; mtimeMs: number } | 'gone' | 'unreadable';

async function readLock(path: string): Promise<ReadLock> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, mtimeMs] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mtimeMs)]);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return 'gone';
    return 'unreadable';
  }
  try {
    const parsed = lockFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return 'unreadable';
    const { pid, host, startedAt, face, nonce } = parsed.data;
    return { owner: { pid, host, startedAt, face }, nonce, mtimeMs };
  } catch {
    return 'unreadable';
  }
}

function isStale(lock: { owner: LockOwner; mtimeMs: number }, options: Pick<LockOptions, 'staleMs' | 'isRunning' | 'host'>, now: () => number): boolean {
  const unrefreshed = now() - lock.mtimeMs > (options.staleMs ?? DEFAULT_STALE_MS);
  // Another machine's process cannot be asked about: only its heartbeat tells.
  if (lock.owner.host !== (options.host ?? hostname())) return unrefreshed;
  if (!(options.isRunning ?? processRuns)(lock.owner.pid)) return true;
  // Its pid runs. On Linux, whether it is the same process (not a new one that got the pid) is known
  // exactly, so a live holder keeps its lock however long it is quiet (stopped with Ctrl-Z, say).
  const started = processStartMs(lock.owner.pid);
  if (started === undefined) return unrefreshed;
  if (started > lock.owner.startedAt + REUSED_AFTER_MS) return true; // a new process got the pid
  if (started <= lock.owner.startedAt) return false; // the holder itself
  return unrefreshed; // too close to tell (clock ticks, a clock that was set): the heartbeat decides
}

/** A process that started this long after the lock was taken is certainly not its holder (clock adjustments stay far below). */
const REUSED_AFTER_MS = 60_000;

/** Linux: when a process started (ms since the epoch), from /proc; undefined elsewhere or when unknown. */
function processStartMs(pid: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]); // field 22, starttime, in clock ticks after boot
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
    if (!Number.isFinite(ticks) || btime === undefined) return undefined;
    return Number(btime) * 1000 + (ticks / CLOCK_TICKS) * 1000;
  } catch {
    return undefined;
  }
}
/** USER_HZ: 100 on every Linux Punie runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

function processRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM'; // it runs, as another user
  }
}

/** Writes `content` to a temporary file and links it to `path`: false if `path` exists. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${randomUUID()}.tmp`;
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** A takeover that crashed half-way leaves its guard file; one older than this is removed. */
const GUARD_STALE_MS = 10_000;

/**
 * Removes a stale lock, under a guard file of its own (`<lock>.takeover`,
 * created exclusively): the lock is removed only if it is still the one
 * judged stale, so a fresh lock another process just took is never removed.
 * Returns without doing anything when another process is taking over.
 */
async function takeOver(path: string, staleNonce: string | undefined): Promise<void> {
  const guard = `${path}.takeover`;
  try {
    await writeFile(guard, String(process.pid), { flag: 'wx' });
  } catch (e) {
    if (errnoCode(e) !== 'EEXIST') throw e;
    const age = await stat(guard).then((st) => Date.now() - st.mtimeMs, () => 0);
    if (age > GUARD_STALE_MS) await unlink(guard).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
    return;
  }
  try {
    const current = await readLock(path);
    const same = staleNonce === undefined ? current === 'unreadable' : typeof current === 'object' && current.nonce === staleNonce;
    if (same) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

/** Locks this process holds, released synchronously when it exits. */
const held = new Set<ConversationLock>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const lock of [...held]) lock.releaseSync();
  });
}
