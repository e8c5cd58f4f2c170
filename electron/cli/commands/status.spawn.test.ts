import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../e2e/fake-server/closedPort';
import { type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { serversStatusSchema } from '../../../shared/serverStatusSchema';
import { assertBuilt, spawnPunie } from '../../../test/support/cli/spawnPunie';

/**
 * `punie models` and `punie status` as a user runs them: the built command
 * in its own process. `npm test` builds first; alone, run `npm run build`.
 */
const home = mkdtempSync(join(tmpdir(), 'punie-status-spawn-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
beforeAll(assertBuilt);

const start = useFakeServers();

const punie = (args: string[], endpoints: string[], onStdout?: (text: string, child: ChildProcess) => void) =>
  spawnPunie(args, { env: { PUNIE_HOME: home, PUNIE_LOCAL_ENDPOINTS: endpoints.join(',') }, ...(onStdout ? { onStdout } : {}) });

describe('punie models and status, spawned', () => {
  it('a closed port is reported offline', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const models = await punie(['models', '--json'], [dead]);
    expect(models.code).toBe(0);
    expect(serversStatusSchema.parse(JSON.parse(models.stdout))).toMatchObject({ overall: 'offline', endpoints: [{ url: dead, state: 'offline' }] });
    const status = await punie(['status'], [dead]);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/^offline — http:\/\/127\.0\.0\.1:\d+\/v1 not running/);
  });

  it('with an endpoint that accepts connections and never answers, status completes', async () => {
    const hole = await start({ hangAll: true });
    const r = await punie(['status'], [hole.baseURL]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`${hole.baseURL} not answering`);
    expect(r.stderr).toBe('');
  });

  it('status --watch prints exactly one line per change while a server starts and stops; Ctrl-C exits 0', async () => {
    const port = await closedPort();
    let server: FakeServer | undefined;
    // Each step runs once, on the line that calls for it.
    const steps: Array<(child: ChildProcess) => void> = [
      () => void start({ profile: 'lmstudio', port }).then((s) => (server = s)),
      () => void server?.close(),
      (child) => child.kill('SIGINT'),
    ];
    let done = 0;
    const r = await punie(['status', '--watch', '--interval', '0.2'], [`http://127.0.0.1:${port}/v1`], (text, child) => {
      const lines = text.split('\n').filter(Boolean).length;
      while (done < lines && done < steps.length) steps[done++]!(child);
    });
    expect(r.code).toBe(0);
    const states = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => /^\d\d:\d\d:\d\d (\S+) — /.exec(l)?.[1]);
    expect(states).toEqual(['offline', 'ready', 'offline']);
  });
});
