import type { FileHandle } from 'node:fs/promises';
import { formatBytes } from '../../../shared/text';
import { PunieError } from '../errors';

/** Bytes looked at to tell text from binary (as git does: a NUL byte means binary). */
const SNIFF_BYTES = 8000;

export function looksBinary(sample: Uint8Array): boolean {
  const end = Math.min(sample.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (sample[i] === 0) return true;
  return false;
}

/** The first bytes of an open file, to sniff. */
export async function readHead(handle: FileHandle, bytes = SNIFF_BYTES): Promise<Uint8Array> {
  const buffer = new Uint8Array(bytes);
  const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
  return buffer.subarray(0, bytesRead);
}

/**
 * Reads a whole text file for editing from an open handle (confinedFs
 * openForRead): refuses folders, binary files and files over `maxBytes`,
 * with messages the model can act on.
 */
export async function readTextFile(handle: FileHandle, rel: string, maxBytes: number): Promise<string> {
  const info = await handle.stat();
  if (info.isDirectory()) throw new PunieError('invalid-tool-call', `${rel} is a folder, not a file. Use list_files to see what it holds.`);
  if (!info.isFile()) throw new PunieError('unsupported', `${rel} is not a regular file.`);
  if (info.size > maxBytes) {
    throw new PunieError('unsupported', `${rel} is too large to edit here (${formatBytes(info.size)}; the limit is ${formatBytes(maxBytes)}).`);
  }
  const data = await handle.readFile();
  if (looksBinary(data)) throw new PunieError('unsupported', `${rel} is a binary file; only text files can be read or edited.`);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(data);
}

/** A file-system error as a PunieError the model can act on. */
export function fsError(cause: unknown, rel: string): PunieError {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new PunieError('not-found', `${rel} does not exist. Use list_files to see which files there are.`, { cause });
  }
  if (code === 'EACCES' || code === 'EPERM') return new PunieError('tool-failed', `${rel} cannot be accessed (permission denied by the system).`, { cause });
  if (code === 'EISDIR') return new PunieError('invalid-tool-call', `${rel} is a folder, not a file.`, { cause });
  if (cause instanceof PunieError) return cause;
  return new PunieError('tool-failed', `${rel} could not be accessed (${typeof code === 'string' ? code : 'unknown error'}).`, { cause });
}

/** Cuts a line longer than `max` characters, saying so. */
export function capLine(line: string, max: number): { text: string; cut: boolean } {
  return line.length > max ? { text: line.slice(0, max) + ' …[line cut]', cut: true } : { text: line, cut: false };
}
