import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../e2e/fake-server/closedPort';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../../e2e/fake-server/fakeServer';
import { serversStatusSchema } from '../../../shared/serverStatus';

/**
 * `punie models` and `punie status` as a user runs them: the built command
 * (bin/punie.js → out/cli/punie.mjs) in its own process. `npm test` builds
 * first; alone, run `npm run build` before.
 */
const bin = fileURLToPath(new URL('../../../bin/punie.js', import.meta.url));
const bundle = fileURLToPath(new URL('../../../out/cli/punie.mjs', import.meta.url));

beforeAll(() => {
  if (!existsSync(bundle)) throw new Error('out/cli/punie.mjs is missing: run `npm run build` first');
});

const servers: FakeServer[] = [];
const children: ChildProcessByStdio<null, Readable, Readable>[] = [];
async function start(options: FakeServerOptions): Promise<FakeServer> {
  const s = await startFakeServer(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Punie {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves when stdout holds at least n lines. */
  lines(n: number): Promise<string[]>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function punie(args: string[], endpoints: string[]): Punie {
  const child = spawn(process.execPath, [bin, ...args], {
    // Only what the test gives: no inherited keys or endpoints.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PUNIE_LOCAL_ENDPOINTS: endpoints.join(',') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  let wake = () => {};
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    wake();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const split = () => stdout.split('\n').filter(Boolean);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      wake();
      resolve({ code, stdout, stderr });
    });
  });
  const lines = (n: number) =>
    new Promise<string[]>((resolve, reject) => {
      wake = () => {
        if (split().length >= n) resolve(split());
        else if (child.exitCode !== null) reject(new Error(`punie exited ${child.exitCode} after ${split().length} lines: ${stdout}${stderr}`));
      };
      wake();
    });
  return { child, lines, done };
}

describe('punie models and status, spawned', () => {
  it('a closed port is reported offline', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const models = await punie(['models', '--json'], [dead]).done;
    expect(models.code).toBe(0);
    expect(serversStatusSchema.parse(JSON.parse(models.stdout))).toMatchObject({ overall: 'offline', endpoints: [{ url: dead, state: 'offline' }] });
    const status = await punie(['status'], [dead]).done;
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/^offline — http:\/\/127\.0\.0\.1:\d+\/v1 not running/);
  });

  it('with an endpoint that accepts connections and never answers, status completes', async () => {
    const hole = await start({ hangAll: true });
    const r = await punie(['status'], [hole.baseURL]).done;
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`${hole.baseURL} not answering`);
    expect(r.stderr).toBe('');
  });

  it('status --watch prints exactly one line per change while a server starts and stops; Ctrl-C exits 0', async () => {
    const port = await closedPort();
    const watch = punie(['status', '--watch', '--interval', '0.2'], [`http://127.0.0.1:${port}/v1`]);
    await watch.lines(1);
    const server = await start({ profile: 'lmstudio', port });
    await watch.lines(2);
    await server.close();
    await watch.lines(3);
    watch.child.kill('SIGINT');
    const r = await watch.done;
    expect(r.code).toBe(0);
    const states = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => /^\d\d:\d\d:\d\d (\S+) — /.exec(l)?.[1]);
    expect(states).toEqual(['offline', 'ready', 'offline']);
  });
});
