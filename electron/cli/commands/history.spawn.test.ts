import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { conversationSummarySchema } from '../../../shared/conversation';
import { historyLayout } from '../../core/store/historyLayout';
import { createLogWriter } from '../../../test/support/core/historyLogs';
import { assertBuilt, spawnPunie } from '../../../test/support/cli/spawnPunie';

/**
 * `punie history` without its index (issue 18): the list is printed from the
 * logs' ends at once, and the index is rebuilt afterwards by a detached
 * `punie history --rebuild-index`, so the command never waits for it.
 * Histories of more than 64 logs take that path (smaller ones are rebuilt at once).
 */
const root = mkdtempSync(join(tmpdir(), 'punie-history-spawn-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(assertBuilt);

const COUNT = 70;
const summaries = z.array(conversationSummarySchema);

function historyOf(name: string): { home: string; index: string } {
  const home = join(root, name);
  const layout = historyLayout(home);
  mkdirSync(layout.conversations, { recursive: true });
  const { conversationLog } = createLogWriter();
  for (let i = 0; i < COUNT; i++) {
    const id = `c-${String(i).padStart(3, '0')}`;
    writeFileSync(join(layout.conversations, `${id}.jsonl`), conversationLog(id, 60, 1_700_000_000_000 + i * 60_000));
  }
  return { home, index: layout.index };
}

/** The index is written by a detached process: wait for a complete, parseable one (bounded). */
async function rebuiltIndex(path: string): Promise<unknown> {
  await expect
    .poll(
      () => {
        try {
          return JSON.parse(readFileSync(path, 'utf8')) !== undefined;
        } catch {
          return false;
        }
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBe(true);
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('punie history without its index, spawned', () => {
  it('prints every conversation, newest first, at once; the index is rebuilt afterwards', async () => {
    const { home, index } = historyOf('missing');
    expect(existsSync(index)).toBe(false);
    const r = await spawnPunie(['history', '--json', '--all'], { env: { PUNIE_HOME: home } });
    expect(r.code).toBe(0);
    const listed = summaries.parse(JSON.parse(r.stdout));
    expect(listed.map((c) => c.id)).toEqual(Array.from({ length: COUNT }, (_, i) => `c-${String(COUNT - 1 - i).padStart(3, '0')}`));
    await rebuiltIndex(index);
    // With the index, the same list, exact.
    const again = await spawnPunie(['history', '--json', '--all'], { env: { PUNIE_HOME: home } });
    expect(summaries.parse(JSON.parse(again.stdout)).map((c) => c.id)).toEqual(listed.map((c) => c.id));
  }, 120_000);

  it('a damaged index is the same: the list at once, the index rebuilt', async () => {
    const { home, index } = historyOf('damaged');
    mkdirSync(join(index, '..'), { recursive: true });
    writeFileSync(index, '{"version": 1, "entries": [tru');
    const r = await spawnPunie(['history'], { env: { PUNIE_HOME: home } });
    expect(r.code).toBe(0);
    // The table: a header and the default 20 rows, then how many are not shown.
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(21);
    expect(r.stdout).toContain('c-069');
    expect(r.stderr).toContain(`${COUNT - 20} older not shown`);
    await expect.poll(() => readFileSync(index, 'utf8').includes('c-000'), { timeout: 60_000, interval: 200 }).toBe(true);
    await rebuiltIndex(index);
  }, 120_000);
});
