import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

/**
 * A stand-in for Electron's download host: serves
 * `vVERSION/electron-vVERSION-PLATFORM-ARCH.zip` (a shell script in place of
 * the binary, which records its arguments) and that folder's
 * `SHASUMS256.txt`, on a loopback port, and keeps the paths asked for. With
 * ELECTRON_MIRROR pointing here and electron_use_remote_checksums=1,
 * Electron's own install-electron downloads, checks and unpacks it as it
 * would the real one.
 */

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Unix permission bits (0o755 for the executable). */
  mode: number;
}

/** A zip archive with stored (uncompressed) entries and Unix modes, as `zip` writes them. */
export function storedZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(entry.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, entry.data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 30, 4); // made by Unix, zip 3.0
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38); // regular file + mode
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The stand-in binary: appends its working folder and each argument, one a line, to $PUNIE_STANDIN_RECORD. */
export const STAND_IN_SCRIPT = `#!/bin/sh
# Stand-in for Electron in Punie's install test.
{
  echo "cwd=$PWD"
  for arg in "$@"; do echo "arg=$arg"; done
} >> "\${PUNIE_STANDIN_RECORD:?}"
`;

export interface ElectronMirror {
  /** For ELECTRON_MIRROR (ends in a slash). */
  url: string;
  /** Paths asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startElectronMirror(options: { version: string; platform: string; arch: string }): Promise<ElectronMirror> {
  const fileName = `electron-v${options.version}-${options.platform}-${options.arch}.zip`;
  // Where install.js's path.txt will point, as in the real zips.
  const binaryPath = options.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  const zip = storedZip([
    { name: binaryPath, data: Buffer.from(STAND_IN_SCRIPT), mode: 0o755 },
    { name: 'version', data: Buffer.from(options.version), mode: 0o644 },
  ]);
  const sums = `${createHash('sha256').update(zip).digest('hex')} *${fileName}\n`;
  const files = new Map<string, Buffer>([
    [`/v${options.version}/${fileName}`, zip],
    [`/v${options.version}/SHASUMS256.txt`, Buffer.from(sums)],
  ]);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://mirror').pathname;
    requests.push(path);
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end('not here');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
