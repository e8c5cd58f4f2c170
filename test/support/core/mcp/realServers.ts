import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { McpServerSpec } from '../../../../electron/core/mcp/mcpServerSpec';
import { killGroup } from '../../../../electron/core/mcp/processGroupTransport';

/**
 * The real MCP servers the tests run (npm dev dependencies, not fakes) and
 * a few misbehaving programs, as server specs. `node` is this process's
 * own binary, so no PATH lookup is involved.
 */

const ROOT = resolve(import.meta.dirname, '../../../..');
export const EVERYTHING_JS = join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
export const FILESYSTEM_JS = join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
export const FIXTURES = join(ROOT, 'test/support/core/mcp/fixtures');
export const NODE = process.execPath;

export function stdioSpec(name: string, args: string[], extra: Partial<Pick<McpServerSpec, 'timeoutMs' | 'source'>> & { env?: Record<string, string>; cwd?: string } = {}): McpServerSpec {
  return {
    name,
    source: extra.source ?? 'user',
    launch: { kind: 'stdio', command: NODE, args, env: extra.env ?? {}, cwd: extra.cwd ?? ROOT },
    disabled: false,
    timeoutMs: extra.timeoutMs ?? 30_000,
    target: ['node', ...args].join(' '),
  };
}

/** server-everything over stdio. */
export function everythingSpec(name = 'everything', extra: Parameters<typeof stdioSpec>[2] = {}): McpServerSpec {
  return stdioSpec(name, [EVERYTHING_JS, 'stdio'], extra);
}

/** server-filesystem over stdio, allowed one folder. */
export function filesystemSpec(folder: string, name = 'filesystem'): McpServerSpec {
  return stdioSpec(name, [FILESYSTEM_JS, folder]);
}

/** A program that writes to stderr and exits with code 3 at once. */
export function exitAtStartSpec(name = 'broken'): McpServerSpec {
  return stdioSpec(name, ['-e', "process.stderr.write('fatal: cannot open the database at /nope\\n'); process.exit(3)"]);
}

/** A program that reads stdin and never answers (a server stuck at initialize). */
export function hangAtInitializeSpec(name = 'stuck'): McpServerSpec {
  return stdioSpec(name, ['-e', "process.stderr.write('waiting for a license server…\\n'); process.stdin.resume(); setInterval(() => {}, 1000)"]);
}

/** server-everything started through a parent that stays (as npx does): two processes, one group. */
export function wrappedEverythingSpec(name = 'wrapped'): McpServerSpec {
  const script = `const { spawn } = require('node:child_process'); const c = spawn(process.execPath, [${JSON.stringify(EVERYTHING_JS)}, 'stdio'], { stdio: 'inherit' }); console.error('child ' + c.pid); c.on('exit', (code) => process.exit(code ?? 0));`;
  return stdioSpec(name, ['-e', script]);
}

/** A real SDK server whose tool list changes when its `unlock` tool is called (tools/list_changed). */
export function changingToolsSpec(name = 'changing'): McpServerSpec {
  return stdioSpec(name, ['--import', 'tsx', join(FIXTURES, 'changingToolsServer.ts')]);
}

export interface HttpServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** server-everything over Streamable HTTP on a free port (it also answers the older SSE transport at /sse with `sse`). */
export async function startEverythingHttp(mode: 'streamableHttp' | 'sse' = 'streamableHttp'): Promise<HttpServer> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(NODE, [EVERYTHING_JS, mode], { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const up = await waitForListening(child);
    if (up) {
      const path = mode === 'sse' ? '/sse' : '/mcp';
      return {
        url: `http://127.0.0.1:${port}${path}`,
        pid: child.pid!,
        async stop() {
          killGroup(child.pid!, 'SIGKILL');
          if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
        },
      };
    }
    killGroup(child.pid!, 'SIGKILL');
  }
  throw new Error('server-everything did not start over HTTP');
}

function waitForListening(child: ChildProcess): Promise<boolean> {
  return new Promise((resolvePromise) => {
    let text = '';
    const timer = setTimeout(() => resolvePromise(false), 15_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (/listening on port|running on/i.test(text)) {
        clearTimeout(timer);
        resolvePromise(true);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise(false);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/** Records every message to and from the servers (a MessageTap). */
export function recordingTap() {
  const sent: unknown[] = [];
  const received: unknown[] = [];
  return { sent, received, tap: { sent: (m: unknown) => sent.push(m), received: (m: unknown) => received.push(m) } };
}
