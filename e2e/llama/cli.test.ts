import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEventSchema, type AgentEvent } from '../../shared/agentEvents';
import { ConversationStore } from '../../electron/core/store/conversationStore';
import { assertBuilt, spawnPunie, type PunieRun } from '../../test/support/cli/spawnPunie';
import { ensureLlama, startLlamaServer, type LlamaServer } from './llamaServer';

// The built `punie ask` against the real llama-server with the tiny random
// model: streaming, usage, --json events, Ctrl-C, a server that dies. Asserts
// protocol and behaviour, never the model's words. Build first (npm test does).

const setup = await ensureLlama();
const skip = 'skip' in setup ? setup.skip : undefined;
if (skip !== undefined) console.warn(`punie CLI real-server suite skipped: ${skip}`);

const ALIAS = 'tiny-qwen2';
/** The line this llama.cpp version prints when a client goes away mid-generation (e2e/llama/README.md). */
const CANCEL_LINE = /cancel task, id_task = \d+/;
const PROMPT = 'Tell me a very long story about the sea, with many chapters, and do not stop early.';
/** Generated tokens a bounded stream gets: enough for many chunks, short enough to finish in seconds. */
const BOUNDED_TOKENS = 400;
/**
 * llama-server rounds a context up to a multiple of 256, so `prompt + 400` could leave room for
 * 655 tokens (a minute on a loaded two-core machine): round down instead, keeping at least 150.
 */
function boundedContext(promptTokens: number): number {
  const ctx = Math.floor((promptTokens + BOUNDED_TOKENS) / 256) * 256;
  return ctx - promptTokens >= 150 ? ctx : ctx + 256;
}
const STATS_LINE = /^tiny-qwen2 · first token \d+\.\d\ds · (?:\d+\.\d|–) tok\/s · (\d+) in \/ (\d+) out tokens · \d+\.\d\ds total$/m;

describe.skipIf(skip !== undefined)('punie ask against the real llama-server', () => {
  const root = mkdtempSync(join(tmpdir(), 'punie-cli-llama-'));
  const workspace = join(root, 'workspace');
  const home = join(root, 'home');
  const started: LlamaServer[] = [];
  /** Answers end on their own (1 to a few hundred tokens). */
  let natural: LlamaServer;
  /** Never ends its turn; the answer stops when the context (prompt + BOUNDED_TOKENS) is full. */
  let bounded: LlamaServer;
  /** Never ends its turn: generates until max_tokens (8192), far longer than any test waits. */
  let endless: LlamaServer;

  const start = async (extraArgs: string[] = []) => {
    const server = await startLlamaServer({ alias: ALIAS, extraArgs });
    started.push(server);
    return server;
  };
  const punie = (args: string[], options: Omit<Parameters<typeof spawnPunie>[1], 'env'> & { env?: Record<string, string> } = {}) =>
    spawnPunie(args, { ...options, env: { PUNIE_HOME: home, ...options.env } });
  const ask = (server: LlamaServer, extra: string[] = [], options: Omit<Parameters<typeof spawnPunie>[1], 'env'> = {}) =>
    punie(['ask', PROMPT, '--model', `local:${server.baseURL}/${ALIAS}`, '--workspace', workspace, ...extra], { timeoutMs: 100_000, ...options });
  const events = (run: PunieRun): AgentEvent[] =>
    run.stdout
      .trim()
      .split('\n')
      .map((line) => agentEventSchema.parse(JSON.parse(line)));
  /** Text received by the time stdout had `n` reads. */
  const afterChunks = (n: number, act: (text: string, kill: (signal: NodeJS.Signals) => void) => void) => {
    let reads = 0;
    let done = false;
    return (text: string, child: { kill(signal: NodeJS.Signals): boolean }) => {
      reads += 1;
      if (done || reads < n) return;
      done = true;
      act(text, (signal) => child.kill(signal));
    };
  };

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(workspace);
    natural = await start();
    endless = await start(['--ignore-eos']);
    // The prompt's size (system prompt and tool schemas included) as the server counts it,
    // so the bounded server's context leaves room for BOUNDED_TOKENS of answer.
    const probe = await punie(['ask', PROMPT, '--model', `local:${natural.baseURL}/${ALIAS}`, '--workspace', workspace, '--json', '--no-history']);
    const usage = events(probe).find((e) => e.type === 'usage');
    const promptTokens = usage?.type === 'usage' ? usage.usage.inputTokens : undefined;
    if (promptTokens === undefined) throw new Error(`could not measure the prompt: ${probe.stderr}`);
    bounded = await start(['--ignore-eos', '-np', '1', '-c', String(boundedContext(promptTokens))]);
  });

  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(root, { recursive: true, force: true });
  });

  it('streams the answer to stdout in several chunks, then the stats line with usage on stderr', async () => {
    const r = await ask(bounded);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.stdoutChunks).toBeGreaterThanOrEqual(3);
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    const stats = r.stderr.match(STATS_LINE);
    expect(stats, r.stderr).not.toBeNull();
    expect(Number(stats?.[1])).toBeGreaterThan(100); // the system prompt, tools and the question
    expect(Number(stats?.[2])).toBeGreaterThan(BOUNDED_TOKENS / 2);
  });

  it('--json: every line a well-formed AgentEvent of one run, ending in run-finish with usage', async () => {
    const r = await ask(bounded, ['--json']);
    expect(r.code).toBe(0);
    const list = events(r);
    expect(list[0]).toMatchObject({ type: 'run-start', model: { provider: 'local', modelId: ALIAS, baseURL: bounded.baseURL }, workspace });
    expect(list.at(-1)?.type).toBe('run-finish');
    expect(new Set(list.map((e) => e.runId)).size).toBe(1);
    expect(list.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(1);
    const usage = list.filter((e) => e.type === 'usage');
    expect(usage.at(-1)).toMatchObject({ usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) } });
    const finish = list.at(-1);
    if (finish?.type !== 'run-finish') throw new Error('no run-finish');
    expect(finish.text).toBe(list.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join(''));
    expect(finish.stats.outputTokens).toBeGreaterThan(0);
  });

  it('--model local: finds the server when it is the only endpoint in PUNIE_LOCAL_ENDPOINTS', async () => {
    const r = await punie(['ask', PROMPT, '--model', 'local:', '--workspace', workspace, '--json'], { env: { PUNIE_LOCAL_ENDPOINTS: natural.baseURL } });
    expect(r.code).toBe(0);
    const list = events(r);
    expect(list[0]).toMatchObject({ type: 'run-start', model: { spec: 'local:', modelId: ALIAS, baseURL: natural.baseURL, serverKind: 'llama.cpp' } });
    expect(list.at(-1)?.type).toBe('run-finish');
  });

  it('Ctrl-C mid-stream: exit 130, the server cancels the task, the partial answer is in the history', async () => {
    const mark = endless.logMark();
    let shown = '';
    const r = await ask(endless, [], {
      onStdout: afterChunks(3, (text, kill) => {
        shown = text;
        kill('SIGINT');
      }),
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^punie: stopped\.$/m);
    expect(shown.length).toBeGreaterThan(0);
    expect(r.stdout.startsWith(shown)).toBe(true);
    await endless.waitForLog(CANCEL_LINE, 10_000, mark);

    const store = new ConversationStore({ dataDir: home });
    try {
      const signal = new AbortController().signal;
      const latest = await store.latest(signal);
      const conversation = await store.get(latest?.id ?? '', signal);
      const answer = conversation.messages.at(-1);
      expect(answer).toMatchObject({ role: 'assistant', status: 'aborted' });
      expect(answer?.content.trimEnd()).toBe(r.stdout.trimEnd());
    } finally {
      await store.close();
    }
  });

  it('the server killed mid-stream: stream-broken, the text received so far kept on stdout, exit 1', async () => {
    const doomed = await start(['--ignore-eos']);
    let atKill = '';
    let killed: Promise<void> | undefined;
    const r = await ask(doomed, [], {
      onStdout: afterChunks(3, (text) => {
        atKill = text;
        killed = doomed.kill9();
      }),
    });
    await killed;
    expect(r.code).toBe(1);
    expect(atKill.length).toBeGreaterThan(0);
    expect(r.stdout.startsWith(atKill)).toBe(true);
    expect(r.stderr).toMatch(/before the answer was complete/);
    expect(r.stderr).toMatch(/The text received so far is kept/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
