import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../e2e/fake-server/closedPort';
import { startFakeServer, type FakeServer } from '../../e2e/fake-server/fakeServer';
import { textTurn } from '../../e2e/fake-server/script';
import { agentEventSchema } from '../../shared/agentEvents';
import { TEST_MODEL_REPLY } from '../core/models/testModel';
import { assertBuilt, spawnPunie } from '../../test/support/cli/spawnPunie';

/**
 * The built `punie` command (bin/punie.js → out/cli/punie.mjs), spawned as a
 * user runs it. `npm test` builds first; alone, run `npm run build` before.
 */
const home = mkdtempSync(join(tmpdir(), 'punie-main-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function punie(args: string[], env: Record<string, string> = {}, onStdout?: (text: string, child: ChildProcess) => void) {
  return spawnPunie(args, { env: { PUNIE_HOME: home, ...env }, ...(onStdout ? { onStdout } : {}) });
}

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

beforeAll(assertBuilt);

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
    // The entry answers these words itself (nothing else loaded): the same answer as runCli's.
    for (const word of ['--version', '-v', 'version']) {
      const r = await punie([word]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
      expect(r.stderr).toBe('');
    }
  });
});
