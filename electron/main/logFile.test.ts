import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, setLogLevel, setLogWriter } from '../core/log';
import { createLogFile, createUncaughtHandler } from './logFile';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'punie-logs-'));
  dirs.push(d);
  return join(d, 'logs');
};
afterEach(() => {
  setLogWriter((line) => process.stderr.write(line + '\n'));
  setLogLevel('warn');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('main log file', () => {
  it('appends one timestamped line per call, creating its folder, readable by the user only', () => {
    const dir = tempDir();
    const file = createLogFile({ dir, now: () => new Date('2026-12-04T10:00:00Z') });
    file.write('[punie:main] warn: first');
    file.write('[punie:main] error: two\nlines');
    expect(readFileSync(file.path, 'utf8')).toBe('2026-12-04T10:00:00.000Z [punie:main] warn: first\n2026-12-04T10:00:00.000Z [punie:main] error: two\n    lines\n');
    if (process.platform !== 'win32') expect(statSync(file.path).mode & 0o777).toBe(0o600);
  });

  it('rotates past its size and keeps only so many old files', () => {
    const dir = tempDir();
    const file = createLogFile({ dir, maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i++) file.write(`line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(200);
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toContain('line 39');
    // A new file object (the app started again) goes on from the size on disk.
    const again = createLogFile({ dir, maxBytes: 200, keep: 2 });
    again.write('after restart');
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it('gets what the logger passes: the level from PUNIE_LOG, keys redacted', () => {
    const dir = tempDir();
    const file = createLogFile({ dir });
    setLogWriter((line) => file.write(line));
    setLogLevel('warn');
    const log = createLogger('main');
    log.info('not at warn');
    log.warn('a key went by', { header: 'Authorization: Bearer sk-abcdefghijklmnop' });
    const text = readFileSync(file.path, 'utf8');
    expect(text).not.toContain('not at warn');
    expect(text).toContain('a key went by');
    expect(text).not.toContain('sk-abcdefghijklmnop');
  });

  it('never throws when the folder cannot be written', () => {
    const dir = tempDir();
    const file = createLogFile({ dir: join(dir, '\0bad') });
    expect(() => file.write('x')).not.toThrow();
  });
});

describe('uncaught errors in main', () => {
  it('are logged every time with their stack and shown once', () => {
    const log = vi.fn();
    const show = vi.fn();
    const handle = createUncaughtHandler({ log, show, logPath: '/data/logs/main.log' });
    handle(new Error('first'));
    handle('second');
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0]![1]).toMatch(/Error: first\n\s+at /);
    expect(show).toHaveBeenCalledOnce();
    expect(show.mock.calls[0]![1]).toContain('first');
    expect(show.mock.calls[0]![1]).toContain('/data/logs/main.log');
  });
});
