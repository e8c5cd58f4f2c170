import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { decodeRecord } from './decodeRecord';
import { MAX_RECORD_BYTES } from './logReader';

const REPAIR_CHUNK = 64 * 1024;

/**
 * Appends whole records to one existing log. Writes run one at a time in the
 * order they were asked for; each call is one write of whole lines (the file
 * is opened O_APPEND, so every write lands at the end). It never creates the
 * file: a log always starts with its header, written by createLog.
 *
 * Durability: a write reaches the OS at once, so it survives the process
 * being killed; `sync: true` also fdatasyncs it, so it survives the machine
 * going down. Before the first write, and after any failed one, the file's
 * end is checked: a torn last line is cut off (or, if it is a whole record
 * that only lost its newline, the newline is added) so that new records never
 * glue onto garbage.
 */
export class LogAppender {
  private handle: FileHandle | undefined;
  private chain: Promise<void> = Promise.resolve();
  private needsRepair = true;

  constructor(readonly path: string) {}

  /** Appends `lines` (whole records, each ending in a newline) as one write. */
  append(lines: string, options: { sync: boolean }): Promise<void> {
    return this.enqueue(async () => {
      try {
        const handle = await this.ready();
        await writeAll(handle, Buffer.from(lines, 'utf8'));
        if (options.sync) await handle.datasync();
      } catch (e) {
        this.needsRepair = true;
        await this.closeHandle();
        throw e;
      }
    });
  }

  /** fdatasyncs what was written so far. */
  sync(): Promise<void> {
    return this.enqueue(async () => {
      if (this.handle) await this.handle.datasync();
    });
  }

  /** Resolves when every write asked for so far has finished (failed ones included). */
  idle(): Promise<void> {
    return this.chain;
  }

  close(): Promise<void> {
    return this.enqueue(() => this.closeHandle());
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async ready(): Promise<FileHandle> {
    if (!this.handle) this.handle = await open(this.path, constants.O_RDWR | constants.O_APPEND);
    if (this.needsRepair) {
      await repairTail(this.handle);
      this.needsRepair = false;
    }
    return this.handle;
  }

  private async closeHandle(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close().catch(() => undefined);
  }
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  // Bounded: every pass writes at least one byte or throws.
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    if (bytesWritten <= 0) throw new Error('the disk accepted no bytes');
    offset += bytesWritten;
  }
}

/** Makes the file end on a whole record (see LogAppender). Exported for tests. */
export async function repairTail(handle: FileHandle): Promise<'clean' | 'newline-added' | 'truncated'> {
  const { size } = await handle.stat();
  if (size === 0) return 'clean';
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  if (last[0] === 0x0a) return 'clean';

  // Find the last newline, reading backwards; bounded by the file's size.
  let lineStart = 0;
  const buf = Buffer.alloc(REPAIR_CHUNK);
  for (let end = size; end > 0; end -= REPAIR_CHUNK) {
    const start = Math.max(0, end - REPAIR_CHUNK);
    const { bytesRead } = await handle.read(buf, 0, end - start, start);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (nl !== -1) {
      lineStart = start + nl + 1;
      break;
    }
  }
  const tailLength = size - lineStart;
  let whole = false;
  if (tailLength <= MAX_RECORD_BYTES) {
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, lineStart);
    whole = decodeRecord(tail.toString('utf8')).kind === 'record';
  }
  if (whole) {
    // At the end explicitly: the handle may not be in append mode.
    await handle.write(Buffer.from('\n'), 0, 1, size);
    await handle.datasync();
    return 'newline-added';
  }
  await handle.truncate(lineStart);
  await handle.datasync();
  return 'truncated';
}
