import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { describeFailure, downloadSkipped, notInstalledLine, progressReporter } from './electronSetup.mjs';

/** The Electron download's parts that decide what a person reads; the download itself is proven end to end in e2e/install. */

const fetchFailed = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });

describe('describeFailure', () => {
  it('says why fetch failed, from its cause', () => {
    expect(describeFailure(fetchFailed({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 4113 }), 1000)).toBe('the connection to 127.0.0.1:4113 was refused');
    expect(describeFailure(fetchFailed({ code: 'ENOTFOUND', hostname: 'github.com' }), 1000)).toBe('github.com could not be found (no network?)');
    expect(describeFailure(fetchFailed({ code: 'UND_ERR_CONNECT_TIMEOUT' }), 1000)).toBe('the download host did not answer');
    expect(describeFailure(fetchFailed(new Error('bad port')), 1000)).toBe('fetch failed: bad port');
  });

  it('names the deadline when the download took too long', () => {
    expect(describeFailure(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 300_000)).toBe('no answer within 300 s');
  });

  it('names the status of an HTTP error, and a checksum mismatch', () => {
    expect(describeFailure(Object.assign(new Error('Response code 404'), { response: { status: 404, url: 'http://m/v1/e.zip' } }), 1)).toBe('the download host answered 404 for http://m/v1/e.zip');
    expect(describeFailure(new Error('Generated checksum for "e.zip" did not match expected checksum.'), 1)).toBe('the file did not match its checksum');
  });

  it('keeps one line', () => {
    expect(describeFailure(new Error(`first line\n    at somewhere`), 1)).toBe('first line');
    expect(describeFailure(new Error('x'.repeat(300)), 1)).toHaveLength(160);
  });
});

describe('downloadSkipped', () => {
  it('follows ELECTRON_SKIP_BINARY_DOWNLOAD and its npm config form', () => {
    expect(downloadSkipped({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toBe(true);
    expect(downloadSkipped({ npm_config_electron_skip_binary_download: 'true' })).toBe(true);
    expect(downloadSkipped({ ELECTRON_SKIP_BINARY_DOWNLOAD: '0' })).toBe(false);
    expect(downloadSkipped({ ELECTRON_SKIP_BINARY_DOWNLOAD: '' })).toBe(false);
    expect(downloadSkipped({})).toBe(false);
  });
});

describe('the failure line', () => {
  it('is one line saying what failed and that the CLI and tests work without it', () => {
    const line = notInstalledLine('45.5.0', 'the connection to 127.0.0.1:9 was refused');
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^Punie: Electron 45\.5\.0 could not be downloaded \(the connection to 127\.0\.0\.1:9 was refused\)\./);
    expect(line).toMatch(/npm start.*tries again/);
    expect(line).toMatch(/CLI \(npx punie\) and npm test work without it/);
  });
});

describe('progressReporter', () => {
  const sink = (isTTY: boolean) => {
    const written: string[] = [];
    return { stream: { isTTY, write: (t: string) => written.push(t) }, written };
  };

  it('on a terminal, redraws one line and ends it', () => {
    const { stream, written } = sink(true);
    const p = progressReporter(stream, '45.5.0');
    p.update({ transferred: 50_000_000, total: 100_000_000 });
    p.update({ transferred: 100_000_000, total: 100_000_000 });
    p.end();
    expect(written).toEqual(['\rPunie: downloading Electron 45.5.0:  50% of 100 MB', '\rPunie: downloading Electron 45.5.0: 100% of 100 MB', '\n']);
  });

  it('elsewhere, a line at each quarter, and nothing for the small checksum file', () => {
    const { stream, written } = sink(false);
    const p = progressReporter(stream, '45.5.0');
    p.update({ transferred: 100, total: 1000 });
    for (let mb = 0; mb <= 100; mb += 5) p.update({ transferred: mb * 1_000_000, total: 100_000_000 });
    p.end();
    expect(written.map((l) => l.trim().replace(/.*: /, ''))).toEqual(['0% of 100 MB', '25% of 100 MB', '50% of 100 MB', '75% of 100 MB', '100% of 100 MB']);
  });
});
