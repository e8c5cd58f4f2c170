import { Worker } from 'node:worker_threads';
import { PunieError } from '../errors';

/**
 * Regular-expression scans of a file's lines, run in a worker thread. A
 * pattern from a model can backtrack catastrophically (`^(a+)+$`): in the
 * worker it only costs that thread, and past its time limit the worker is
 * terminated (V8 stops it mid-match) and a new one takes the next file. The
 * process's own event loop only reads files and posts them, so it never
 * stalls on a pattern (issue 11, item 9; a `vm` timeout on the main thread
 * used to block it for the whole limit, per file).
 */

export type ScanResult = { ok: true; hits: Array<{ index: number; text: string }> } | { ok: false; reason: 'timeout' };

export interface RegexScanner {
  /** Lines of `text` the pattern matches (index, text cut to `lineChars`), at most `max`, within `timeoutMs`. */
  scan(text: string, max: number, lineChars: number, timeoutMs: number, signal: AbortSignal): Promise<ScanResult>;
  /** Ends the worker. */
  close(): Promise<void>;
}

// Plain CommonJS evaluated as the worker's source, so every build (app, CLI, tests) carries it without an extra entry.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const re = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', (job) => {
  const lines = job.text.split(/\\r?\\n/);
  const hits = [];
  for (let i = 0; i < lines.length && hits.length < job.max; i++) {
    re.lastIndex = 0;
    if (re.test(lines[i])) hits.push({ index: i, text: lines[i].length > job.lineChars ? lines[i].slice(0, job.lineChars) : lines[i] });
  }
  parentPort.postMessage({ id: job.id, hits });
});
`;

export function createRegexScanner(regex: RegExp): RegexScanner {
  let worker: Worker | undefined;
  let nextId = 1;

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { source: regex.source, flags: regex.flags.replace('g', '').replace('y', '') } });
    w.unref();
    return w;
  };

  const kill = async () => {
    const w = worker;
    worker = undefined;
    if (w) await w.terminate();
  };

  return {
    scan(text, max, lineChars, timeoutMs, signal) {
      if (signal.aborted) return Promise.reject(new PunieError('aborted', 'Stopped.'));
      const w = (worker ??= start());
      const id = nextId++;
      return new Promise<ScanResult>((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          w.off('message', onMessage);
          w.off('error', onError);
          w.off('exit', onExit);
        };
        const onMessage = (msg: { id: number; hits: Array<{ index: number; text: string }> }) => {
          if (msg.id !== id) return;
          finish();
          resolve({ ok: true, hits: msg.hits });
        };
        const onError = (cause: unknown) => {
          finish();
          void kill();
          reject(new PunieError('tool-failed', `The search could not run: ${cause instanceof Error ? cause.message : String(cause)}`));
        };
        const onExit = () => onError(new Error('its worker ended'));
        const onAbort = () => {
          finish();
          void kill();
          reject(new PunieError('aborted', 'Stopped.'));
        };
        const timer = setTimeout(() => {
          finish();
          void kill();
          resolve({ ok: false, reason: 'timeout' });
        }, timeoutMs);
        w.on('message', onMessage);
        w.once('error', onError);
        w.once('exit', onExit);
        signal.addEventListener('abort', onAbort, { once: true });
        w.postMessage({ id, text, max, lineChars });
      });
    },
    close: kill,
  };
}
