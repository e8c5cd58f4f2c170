import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { createFakeLms } from '../../../test/support/core/fakeLms';
import { assertBuilt, spawnPunie } from '../../../test/support/cli/spawnPunie';

/**
 * `punie models load` as a user runs it, in its own process: LM Studio 0.3
 * (no REST API to load with) and its lms command in ~/.lmstudio/bin. Ctrl-C
 * reaches lms, which stops its load. `npm test` builds first; alone, run
 * `npm run build`.
 */
const root = mkdtempSync(join(tmpdir(), 'punie-load-spawn-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(assertBuilt);
const start = useFakeServers();

describe('punie models load, spawned', () => {
  it('loads through lms found in ~/.lmstudio/bin, reporting its progress; Ctrl-C stops lms and exits 130', async () => {
    const home = join(root, 'home');
    const lms = await createFakeLms(join(home, '.lmstudio', 'bin'), { steps: [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50], stepMs: 250 });
    const server = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    const env = { PUNIE_HOME: join(root, 'punie'), HOME: home, PUNIE_LOCAL_ENDPOINTS: server.baseURL };
    const run = await spawnPunie(['models', 'load', 'google/gemma-3-12b', '--context', '8192'], {
      env,
      onStderr: (text, child) => {
        if (text.includes('10%')) child.kill('SIGINT');
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/google\/gemma-3-12b on LM Studio \([^)]+\): Loading with 8,192 tokens of context… 0% \(\d+ s\)\n/);
    expect(run.stderr).toContain('punie: Load cancelled.');
    expect(await lms.calls()).toEqual([['load', 'google/gemma-3-12b', '--yes', '--context-length', '8192'], ['SIGINT']]);
  });
});
