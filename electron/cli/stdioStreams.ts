import { Readable, Writable } from 'node:stream';
import type { CliInput, CliOutput } from './cliContext';

/**
 * The process's stdin and stdout as the web streams the ACP SDK reads and
 * writes. Output keeps Node's backpressure: a write resolves at once while
 * the pipe's buffer has room, and after 'drain' when it is full, so a fast
 * stream of updates neither waits on every write nor piles up in memory.
 */

export function inputStream(stdin: CliInput): ReadableStream<Uint8Array> {
  const readable = stdin instanceof Readable ? stdin : Readable.from(stdin as AsyncIterable<Uint8Array>);
  return Readable.toWeb(readable) as ReadableStream<Uint8Array>;
}

export function outputStream(stdout: CliOutput): WritableStream<Uint8Array> {
  if (!(stdout instanceof Writable)) {
    const decoder = new TextDecoder();
    return new WritableStream<Uint8Array>({ write: (chunk) => void stdout.write(decoder.decode(chunk, { stream: true })) });
  }
  return new WritableStream<Uint8Array>({
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        let settled = false;
        const roomy = stdout.write(chunk, (e) => {
          if (e && !settled) {
            settled = true;
            reject(e);
          }
        });
        if (roomy) {
          settled = true;
          resolve();
        } else {
          stdout.once('drain', () => {
            if (!settled) {
              settled = true;
              resolve();
            }
          });
        }
      }),
  });
}
