import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Main's log file: one line per log call with its time, appended to
 * `<dir>/main.log`; past `maxBytes` the file is renamed `main.1.log` (older
 * ones shift up to `keep`, the oldest is deleted), so the folder never
 * holds more than about (keep + 1) × maxBytes. What goes in is what the
 * logger passes (levels from $PUNIE_LOG, secrets redacted by it); a write
 * that fails is dropped, never thrown at the caller.
 */
export interface LogFile {
  readonly dir: string;
  readonly path: string;
  write(line: string): void;
}

export const LOG_FILE_NAME = 'main.log';

export function createLogFile(options: { dir: string; maxBytes?: number; keep?: number; now?: () => Date }): LogFile {
  const maxBytes = options.maxBytes ?? 1_000_000;
  const keep = options.keep ?? 3;
  const now = options.now ?? (() => new Date());
  const path = join(options.dir, LOG_FILE_NAME);
  const rotated = (n: number) => join(options.dir, `main.${n}.log`);
  let size: number | undefined;

  const rotate = () => {
    rmSync(rotated(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(rotated(n), rotated(n + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(path, rotated(1));
    size = 0;
  };

  return {
    dir: options.dir,
    path,
    write(line) {
      const text = `${now().toISOString()} ${line.replace(/\r?\n/g, '\n    ')}\n`;
      const bytes = Buffer.byteLength(text);
      try {
        if (size === undefined) {
          mkdirSync(options.dir, { recursive: true });
          try {
            size = statSync(path).size;
          } catch {
            size = 0;
          }
        }
        if (size > 0 && size + bytes > maxBytes) rotate();
        appendFileSync(path, text, { mode: 0o600 });
        size += bytes;
      } catch {
        size = undefined;
      }
    },
  };
}

/**
 * What main does with an error nothing caught: log it every time (with its
 * stack), and show it to the user once, so a crash loop is never a storm of
 * dialogs and no error is lost.
 */
export function createUncaughtHandler(ports: { log: (message: string, stack?: string) => void; show: (title: string, message: string) => void; logPath: string }): (error: unknown) => void {
  let shown = false;
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    ports.log(message, error instanceof Error ? error.stack : undefined);
    if (shown) return;
    shown = true;
    ports.show('Punie hit an unexpected error', `${message}\n\nPunie keeps running. The details are in its log: ${ports.logPath}`);
  };
}
