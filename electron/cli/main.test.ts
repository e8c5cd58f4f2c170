import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../e2e/fake-server/closedPort';
import { startFakeServer, type FakeServer } from '../../e2e/fake-server/fakeServer';
import { textTurn } from '../../e2e/fake-server/script';
import { agentEventSchema } from '../../shared/agentEvents';
import { TEST_MODEL_REPLY } from '../core/models/testModel';

/**
 * The built `punie` command (bin/punie.js → out/cli/punie.mjs), spawned as a
 * user runs it. `npm test` builds first; alone, run `npm run build` before.
 */
const bin = fileURLToPath(new URL('../../bin/punie.js', import.meta.url));
const bundle = fileURLToPath(new URL('../../out/cli/punie.mjs', import.meta.url));

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function punie(args: string[], env: Record<string, string> = {}, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      // No inherited keys or endpoints: only what the test gives.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

beforeAll(() => {
  if (!existsSync(bundle)) throw new Error('out/cli/punie.mjs is missing: run `npm run build` first');
});

describe('the built punie command', () => {
  it('ask --model test works with no network', async () => {
    const r = await punie(['ask', 'hi', '--model', 'test'], { PUNIE_LOCAL_ENDPOINTS: 'http://127.0.0.1:9/v1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${TEST_MODEL_REPLY}\n`);
    expect(r.stderr).toMatch(/first token .* tok\/s .* out tokens/);
  });

  it('with nothing listening: the server-unavailable message and exit 3', async () => {
    const urls = [`http://127.0.0.1:${await closedPort()}/v1`, `http://127.0.0.1:${await closedPort()}/v1`];
    const r = await punie(['ask', 'hi', '--model', 'local:'], { PUNIE_LOCAL_ENDPOINTS: urls.join(',') });
    expect(r.code).toBe(3);
    expect(r.stderr.startsWith(`punie: Local model server not available. Start LM Studio or mlx-lm.server first. Tried: ${urls.join(', ')}.`)).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--json prints well-formed events ending in run-finish', async () => {
    const server = await startFakeServer({ profile: 'lmstudio', script: [textTurn('JSON answer.')] });
    servers.push(server);
    const r = await punie(['ask', 'hi', '--json'], { PUNIE_LOCAL_ENDPOINTS: server.baseURL });
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => agentEventSchema.parse(JSON.parse(l)));
    expect(events.map((e) => e.type)).toEqual(['run-start', 'turn-start', 'text-delta', 'text-delta', 'usage', 'run-finish']);
  });

  it('SIGINT mid-stream aborts the request and exits 130', async () => {
    const server = await startFakeServer({ profile: 'lmstudio', script: [textTurn(Array.from({ length: 300 }, (_, i) => `w${i}`).join(' '), { chunkDelayMs: 20 })] });
    servers.push(server);
    let sent = false;
    const r = await punie(['ask', 'hi'], { PUNIE_LOCAL_ENDPOINTS: server.baseURL }, (_text, child) => {
      if (!sent) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/stopped/);
    await server.chatRequests()[0]!.done;
    expect(server.chatRequests()[0]!.clientClosedEarly).toBe(true);
  });

  it('prints help and version', async () => {
    expect((await punie(['--help'])).stdout).toMatch(/usage: punie <command>/);
    expect((await punie(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
