import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LlamaServer, ensureLlama, startLlamaServer } from './llamaServer';
import { type ModelsDir, createModelsDir, listRouterModels, loadRouterModel } from './routerModels';
import { enumTool, forceToolCall } from './toolCallForcing';
import { findOnPath, runProcess } from './toolchain';

// The real llama-server: protocol facts the engine's suites rely on. Asserts
// wire shapes and behaviour, never the (random) model's words.

const setup = await ensureLlama();
const skip = 'skip' in setup ? setup.skip : undefined;
if (skip !== undefined) console.warn(`llama-server suite skipped: ${skip}`);

const ALIAS = 'tiny-qwen2';
/** The line this llama.cpp version prints when a client goes away mid-generation. */
const CANCEL_LINE = /cancel task, id_task = \d+/;
/** Keeps the model from ending its turn, so a stream lasts until max_tokens. */
const NEVER_END = { '151645': -100 };

function clientFor(server: LlamaServer): OpenAI {
  return new OpenAI({ baseURL: server.baseURL, apiKey: 'api-key-not-set', maxRetries: 0, timeout: 30_000 });
}

function longStream(): ChatCompletionCreateParamsStreaming {
  return {
    model: ALIAS,
    stream: true,
    max_tokens: 4000,
    temperature: 0,
    logit_bias: NEVER_END,
    messages: [{ role: 'user', content: 'Tell me a long story.' }],
  };
}

/** Server-sent events of a response body, as parsed JSON (the `[DONE]` sentinel as the string). */
async function readSse(res: Response): Promise<unknown[]> {
  const text = await res.text();
  const events: unknown[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .join('\n');
    if (data) events.push(data === '[DONE]' ? data : JSON.parse(data));
  }
  return events;
}

const chunkSchema = z.object({
  object: z.literal('chat.completion.chunk'),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number(),
      finish_reason: z.string().nullable(),
      delta: z.object({ role: z.string().optional(), content: z.string().nullable().optional() }),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).optional(),
});

describe('ensureLlama on a machine that cannot build llama-server', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    // An empty cache and a PATH holding only bash: nothing is built, nothing can be.
    dir = await mkdtemp(join(tmpdir(), 'punie-ensure-llama-'));
    await mkdir(join(dir, 'bin'));
    const bash = findOnPath('bash');
    if (!bash) throw new Error('these tests need bash');
    await symlink(bash, join(dir, 'bin', 'bash'));
    env = { PATH: join(dir, 'bin'), PUNIE_CACHE_DIR: join(dir, 'cache'), HOME: dir };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns one line saying what is missing, outside CI', async () => {
    const result = await ensureLlama({ ...env, CI: 'false' });
    expect(result).toEqual({
      skip: 'cannot build llama-server and its tiny model here: missing cmake, make, git, npm, tar, a C++ compiler (g++)',
    });
  });

  it('names numpy when python has none', async () => {
    const python = join(dir, 'bin', 'python3');
    await writeFile(python, '#!/bin/sh\nexit 1\n');
    await chmod(python, 0o755);
    const result = await ensureLlama({ ...env, PUNIE_PYTHON: python });
    expect('skip' in result && result.skip).toMatch(/missing cmake, .*, numpy \(python3-numpy\)$/);
  });

  it('throws under CI instead of skipping', async () => {
    await expect(ensureLlama({ ...env, CI: 'true' })).rejects.toMatchObject({
      name: 'PunieError',
      code: 'unsupported',
      message: expect.stringContaining('must run under CI, but cannot build llama-server'),
    });
  });
});

describe.skipIf(skip !== undefined)('llama-server with the tiny model', () => {
  let server: LlamaServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startLlamaServer({ alias: ALIAS });
    client = clientFor(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('listens on a free loopback port and serves /v1/models, /health and /props', async () => {
    expect(server.baseURL).toBe(`http://127.0.0.1:${server.port}/v1`);
    expect(server.port).toBeGreaterThan(0);

    const models = await client.models.list();
    expect(models.data).toHaveLength(1);
    expect(models.data[0]).toMatchObject({ id: ALIAS, object: 'model', owned_by: 'llamacpp' });

    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const props = z
      .object({
        model_alias: z.string(),
        total_slots: z.number(),
        chat_template: z.string(),
        default_generation_settings: z.object({ n_ctx: z.number() }),
      })
      .parse(await (await fetch(`http://127.0.0.1:${server.port}/props`)).json());
    expect(props.model_alias).toBe(ALIAS);
    expect(props.total_slots).toBeGreaterThan(0);
    expect(props.default_generation_settings.n_ctx).toBeGreaterThan(0);
    expect(props.chat_template).toContain('<tool_call>');
  });

  it('streams content deltas, a finish reason, then a usage chunk with choices: [] and [DONE]', async () => {
    const res = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: ALIAS,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 32,
        temperature: 0,
        messages: [{ role: 'user', content: 'Say hello.' }],
      }),
      signal: AbortSignal.timeout(30_000),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');

    const events = await readSse(res);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => chunkSchema.parse(e));
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(usageChunk?.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usageChunk?.usage?.total_tokens).toBe((usageChunk?.usage?.prompt_tokens ?? 0) + (usageChunk?.usage?.completion_tokens ?? 0));

    const choices = chunks.slice(0, -1).map((c) => c.choices[0]);
    const text = choices.map((c) => c?.delta.content ?? '').join('');
    expect(choices.filter((c) => c?.delta.content).length).toBeGreaterThan(0);
    expect(text.trim().length).toBeGreaterThan(0);
    const finishes = choices.filter((c) => c?.finish_reason !== null);
    expect(finishes).toHaveLength(1);
    expect(['stop', 'length']).toContain(finishes[0]?.finish_reason);
    expect(choices.at(-1)?.finish_reason).not.toBeNull();
  });

  it('streams a schema-valid tool call with finish_reason "tool_calls" under the forcing recipe', async () => {
    const cities = ['Paris', 'Oslo', 'Lima'] as const;
    const stream = await client.chat.completions.create(
      forceToolCall({
        model: ALIAS,
        stream: true,
        max_tokens: 200,
        temperature: 0,
        messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
        tools: [enumTool('get_weather', 'city', cities, 'The weather in a city.')],
      }),
    );
    const calls = new Map<number, { id?: string; name: string; args: string; deltas: number }>();
    const finishReasons: string[] = [];
    let content = '';
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      content += choice.delta.content ?? '';
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = calls.get(delta.index) ?? { name: '', args: '', deltas: 0 };
        if (delta.id) call.id = delta.id;
        call.name += delta.function?.name ?? '';
        call.args += delta.function?.arguments ?? '';
        call.deltas += 1;
        calls.set(delta.index, call);
      }
      if (choice.finish_reason) finishReasons.push(choice.finish_reason);
    }

    expect(finishReasons).toEqual(['tool_calls']);
    expect(content).toBe('');
    expect(calls.size).toBeGreaterThan(0);
    const argsSchema = z.object({ city: z.enum(cities) }).strict();
    for (const call of calls.values()) {
      expect(call.id).toMatch(/\S/);
      expect(call.name).toBe('get_weather');
      expect(argsSchema.safeParse(JSON.parse(call.args)).success).toBe(true);
    }
    // Streamed: the arguments arrive in pieces, not in one delta.
    expect([...calls.values()].some((call) => call.deltas > 2)).toBe(true);
  });

  it('stops generating when the client aborts mid-stream: the server logs the task as cancelled', async () => {
    const mark = server.logMark();
    const controller = new AbortController();
    const stream = await client.chat.completions.create(longStream(), { signal: controller.signal });
    let contentChunks = 0;
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) contentChunks += 1;
        if (contentChunks === 5) controller.abort();
      }
    };
    // The SDK ends the iteration quietly on abort.
    await consume();
    expect(controller.signal.aborted).toBe(true);
    // Chunks already read from the socket with the fifth may still be handed out (a loaded machine reads several at once).
    expect(contentChunks).toBeGreaterThanOrEqual(5);

    expect(await server.waitForLog(CANCEL_LINE, 10_000, mark)).toMatch(CANCEL_LINE);
    // The slot is free again long before 4000 tokens could have been generated.
    const release = await server.waitForLog(/stop processing: n_tokens = (\d+)/, 10_000, mark);
    expect(Number(/n_tokens = (\d+)/.exec(release)?.[1])).toBeLessThan(4000);
  });
});

describe.skipIf(skip !== undefined)('llama-server killed mid-stream', () => {
  let server: LlamaServer;

  beforeAll(async () => {
    server = await startLlamaServer({ alias: ALIAS });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('breaks the stream on the client side, after the text received so far', async () => {
    const stream = await clientFor(server).chat.completions.create(longStream());
    const received: ChatCompletionChunk[] = [];
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) {
        received.push(chunk);
        if (received.length === 5) await server.kill9();
      }
    };
    await expect(consume()).rejects.toThrow();
    expect(received.length).toBeGreaterThanOrEqual(5);
    expect(received.every((chunk) => chunk.choices[0]?.finish_reason == null)).toBe(true);
    await expect(fetch(`${server.baseURL}/models`)).rejects.toThrow();
  });
});

describe.skipIf(skip !== undefined)('llama-server never outlives the process that started it', () => {
  const fixture = join(import.meta.dirname, 'fixtures', 'startAndDie.ts');

  /** Whether a process is still running (a zombie waiting to be reaped is not). */
  function isRunning(pid: number): boolean {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !/^\d+ \(.*\) Z/.test(stat);
    } catch {
      return false;
    }
  }

  async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!isRunning(pid)) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return !isRunning(pid);
  }

  async function startAndDie(how: 'exit' | 'sigkill'): Promise<{ pid: number; code: number | null; signal: string | null }> {
    const result = await runProcess(process.execPath, ['--import', 'tsx', fixture, how], { timeoutMs: 90_000 });
    const firstLine = result.stdout.trim().split('\n')[0] ?? '';
    const { pid } = z.object({ pid: z.number() }).parse(JSON.parse(firstLine));
    return { pid, code: result.code, signal: result.signal };
  }

  it('is killed by the exit hook when its parent exits without stopping it', async () => {
    const { pid, code } = await startAndDie('exit');
    expect(code).toBe(0);
    expect(await waitUntilGone(pid, 10_000)).toBe(true);
  });

  it.skipIf(process.platform !== 'linux' || !findOnPath('setpriv'))('is killed by the kernel when its parent is SIGKILLed', async () => {
    const { pid, signal } = await startAndDie('sigkill');
    expect(signal).toBe('SIGKILL');
    expect(await waitUntilGone(pid, 10_000)).toBe(true);
  });
});

describe.skipIf(skip !== undefined)('llama-server in router mode without autoload', () => {
  let models: ModelsDir;
  let server: LlamaServer;

  beforeAll(async () => {
    if ('skip' in setup) return;
    models = await createModelsDir(setup.model, ['tiny-a', 'tiny-b']);
    server = await startLlamaServer({ router: { modelsDir: models.dir, autoload: false } });
  });
  afterAll(async () => {
    await server?.stop();
    await models?.remove();
  });

  it('lists every model in the folder with status "unloaded"', async () => {
    const listed = await listRouterModels(server.baseURL);
    expect(listed.map((m) => m.id).sort()).toEqual(['tiny-a', 'tiny-b']);
    for (const model of listed) {
      expect(model.owned_by).toBe('llamacpp');
      expect(model.status.value).toBe('unloaded');
    }
  });

  it('answers a chat to an unloaded model with 400 "model is not loaded"', async () => {
    const res = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tiny-a', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 400, message: 'model is not loaded', type: 'invalid_request_error' } });

    const viaSdk = clientFor(server).chat.completions.create({ model: 'tiny-a', messages: [{ role: 'user', content: 'hi' }] });
    await expect(viaSdk).rejects.toMatchObject({ status: 400, message: expect.stringContaining('model is not loaded') });
  });

  it('answers a chat to an unknown model with 400 "model \'…\' not found"', async () => {
    const res = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 400, message: "model 'no-such-model' not found", type: 'invalid_request_error' } });
  });

  it('serves a model once it is loaded, leaving the others unloaded', async () => {
    await loadRouterModel(server.baseURL, 'tiny-b');
    const statuses = Object.fromEntries((await listRouterModels(server.baseURL)).map((m) => [m.id, m.status.value]));
    expect(statuses).toEqual({ 'tiny-a': 'unloaded', 'tiny-b': 'loaded' });

    const reply = await clientFor(server).chat.completions.create({
      model: 'tiny-b',
      max_tokens: 8,
      temperature: 0,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(reply.model).toBe('tiny-b');
    expect(['stop', 'length']).toContain(reply.choices[0]?.finish_reason);
  });
});
