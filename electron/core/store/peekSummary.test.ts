import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogWriter } from '../../../test/support/core/historyLogs';
import { summaryOf } from './historyCatalog';
import { PEEK_BYTES, peekBuffer, peekLogSync } from './peekSummary';
import { readConversationLog } from './readConversationLog';
import { encodeRecord } from './records';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-peek-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function both(id: string, log: string) {
  const path = join(dir, `${id}.jsonl`);
  await writeFile(path, log);
  const exact = await readConversationLog(path, id, new AbortController().signal);
  if (exact.kind !== 'ok') throw new Error(`expected a readable log, got ${exact.kind}`);
  const peeked = peekLogSync(path, id, peekBuffer());
  const st = await stat(path);
  expect({ size: peeked.size, mtimeMs: peeked.mtimeMs }).toEqual({ size: st.size, mtimeMs: st.mtimeMs });
  return { peeked: peeked.summary, exact: summaryOf(exact.conversation), size: st.size };
}

describe('peekLogSync', () => {
  it("a long log's ends give its title, times, model, workspace, preview and a rename; only the count is an estimate", async () => {
    const { conversationLog } = createLogWriter();
    const { peeked, exact, size } = await both('long', conversationLog('long', 200, 1_700_000_000_000, { rename: 'Release notes' }));
    expect(size).toBeGreaterThan(4 * PEEK_BYTES);
    const { messageCount, ...rest } = peeked!;
    const { messageCount: exactCount, ...exactRest } = exact;
    expect(rest).toEqual(exactRest);
    expect(exact.title).toBe('Release notes');
    expect(messageCount).toBeGreaterThan(0);
    expect(messageCount).toBeLessThanOrEqual(exactCount);
  });

  it('a switch to another branch after the latest prompt: no preview from the ends (the latest answer is not that branch’s); the rebuild gives the branch’s', async () => {
    const { conversationLog } = createLogWriter();
    const log = conversationLog('long', 200, 1_700_000_000_000) + encodeRecord({ t: 'branch', at: 1_800_000_000_000, runId: 'stored:long:long-0' });
    const { peeked, exact } = await both('long', log);
    expect(peeked!.preview).toBeUndefined();
    expect(exact.preview).toBeDefined();
    expect(peeked!.updatedAt).toBe(exact.updatedAt);
    expect(peeked!.title).toBe(exact.title);
  });

  it('the title falls back to the first prompt, read from the head', async () => {
    const { conversationLog } = createLogWriter(7);
    const { peeked, exact } = await both('untitled', conversationLog('untitled', 120, 1_700_000_000_000));
    expect(peeked?.title).toBe(exact.title);
    expect(peeked?.title).not.toBe('New conversation');
  });

  it('a short log is read whole and summarised exactly', async () => {
    const { conversationLog } = createLogWriter(3);
    const { peeked, exact, size } = await both('short', conversationLog('short', 4, 1_700_000_000_000));
    expect(size).toBeLessThanOrEqual(2 * PEEK_BYTES);
    expect(peeked).toEqual(exact);
  });

  it('a log without a readable header gets no summary (the rebuild deals with it)', async () => {
    const path = join(dir, 'junk.jsonl');
    await writeFile(path, 'not json\n'.repeat(5000));
    expect(peekLogSync(path, 'junk', peekBuffer()).summary).toBeUndefined();
  });
});
