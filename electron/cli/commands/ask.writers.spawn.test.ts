import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { textTurn } from '../../../e2e/fake-server/script';
import { conversationSummarySchema } from '../../../shared/conversation';
import { assertBuilt, spawnPunie, type PunieRun } from '../../../test/support/cli/spawnPunie';

/**
 * One writer per conversation, with two real `punie` processes (issue 11,
 * item 4): while one `punie ask --conversation ID` is answering, another on
 * the same conversation is refused at once, in one line naming the process,
 * with exit code 6, and never reaches the model; once the first is done
 * (Ctrl-C, or killed with SIGKILL, leaving a stale lock) the conversation
 * goes on. Before the lock, the second ran and both wrote into one log.
 */

const root = mkdtempSync(join(tmpdir(), 'punie-writers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let ws: string;
let home: string;
let server: FakeServer;
let spec: string;
let serial = 0;
const running: ChildProcess[] = [];

beforeAll(assertBuilt);
beforeEach(async () => {
  serial += 1;
  ws = join(root, `ws-${serial}`);
  home = join(root, `home-${serial}`);
  mkdirSync(ws);
  server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'm' }] });
  spec = `local:${server.baseURL}/m`;
});
afterEach(async () => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await server.close();
});

const punie = (args: string[], onSpawn?: (child: ChildProcess) => void): Promise<PunieRun> =>
  spawnPunie(args, { env: { PUNIE_HOME: home, PUNIE_LOCAL_ENDPOINTS: server.baseURL }, cwd: ws, ...(onSpawn ? { onSpawn } : {}) });
const lockFile = (id: string) => join(home, 'history', 'conversations', `${id}.lock`);

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a conversation, then a second `punie ask` continuing it that hangs on the model, holding it. */
async function startWriter(): Promise<{ id: string; writer: ChildProcess; finished: Promise<PunieRun> }> {
  server.setScript([textTurn('First answer.'), { kind: 'hang' }, textTurn('Third answer.')]);
  const first = await punie(['ask', 'Start', '--model', spec, '--workspace', ws]);
  expect(first.code, first.stderr).toBe(0);
  const listed = await punie(['history', '--json']);
  const id = z.array(conversationSummarySchema).parse(JSON.parse(listed.stdout))[0]!.id;
  let writer: ChildProcess | undefined;
  const finished = punie(['ask', 'Go on', '--model', spec, '--conversation', id], (child) => {
    writer = child;
    running.push(child);
  });
  await until(() => existsSync(lockFile(id)) && server.chatRequests().length === 2, 'the writer to hold the conversation and ask the model');
  return { id, writer: writer!, finished };
}

async function prompts(id: string): Promise<string[]> {
  const shown = await punie(['history', id, '--json']);
  expect(shown.code, shown.stderr).toBe(0);
  const branch = z.object({ runs: z.array(z.object({ messages: z.array(z.object({ role: z.string(), content: z.unknown() })) })) }).parse(JSON.parse(shown.stdout));
  return branch.runs.flatMap((r) => r.messages).filter((m) => m.role === 'user').map((m) => String(m.content));
}

describe('two punie processes on one conversation (built)', () => {
  it('the second is refused in one line naming the writer (exit 6, no model request); after Ctrl-C on the first, the conversation goes on', async () => {
    const { id, writer, finished } = await startWriter();
    expect(JSON.parse(readFileSync(lockFile(id), 'utf8'))).toMatchObject({ pid: writer.pid, face: 'cli' });

    const second = await punie(['ask', 'Me too', '--model', spec, '--conversation', id]);
    expect(second.code).toBe(6);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(`punie: This conversation is in use by punie (pid ${writer.pid}); continue it there once it finishes, or start a new one.\n`);
    const viaContinue = await punie(['ask', 'Me too', '--model', spec, '--continue']);
    expect(viaContinue.code).toBe(6);
    expect(viaContinue.stderr.trim().split('\n').at(-1)).toBe(`punie: This conversation is in use by punie (pid ${writer.pid}); continue it there once it finishes, or start a new one.`);
    expect(server.chatRequests()).toHaveLength(2);

    writer.kill('SIGINT');
    expect((await finished).code).toBe(130);
    expect(existsSync(lockFile(id))).toBe(false);

    const third = await punie(['ask', 'Third', '--model', spec, '--conversation', id]);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('Third answer.');
    expect(existsSync(lockFile(id))).toBe(false);
    expect(await prompts(id)).toEqual(['Start', 'Go on', 'Third']);
  }, 120_000);

  it('a writer killed with SIGKILL leaves its lock behind; the next punie takes it over (its process is gone) and goes on', async () => {
    const { id, writer, finished } = await startWriter();
    const log = join(home, 'history', 'conversations', `${id}.jsonl`);
    await until(() => readFileSync(log, 'utf8').includes('"Go on"'), 'the writer to record its prompt');
    writer.kill('SIGKILL');
    expect((await finished).signal).toBe('SIGKILL');
    expect(existsSync(lockFile(id))).toBe(true);

    const next = await punie(['ask', 'Third', '--model', spec, '--conversation', id]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('Third answer.');
    expect(existsSync(lockFile(id))).toBe(false);
    expect(await prompts(id)).toEqual(['Start', 'Go on', 'Third']);
  }, 120_000);
});
