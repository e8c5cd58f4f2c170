import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../e2e/fake-server/closedPort';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { serversStatusSchema } from '../../../shared/serverStatusSchema';
import type { ServersStatus } from '../../../shared/serverStatus';
import { runCli } from '../runCli';
import { testContext } from '../../../test/support/cli/testIo';
import { modelsReport, modelTable } from './models';
import { textWidth } from '../textWidth';

const root = mkdtempSync(join(tmpdir(), 'punie-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const start = useFakeServers();

async function punie(argv: string[], endpoints: string[]) {
  // The app's settings (model presets) from a temp folder, never the user's.
  const { ctx, stdout, stderr } = testContext({ PUNIE_HOME: join(root, 'home'), PUNIE_USER_DATA_DIR: join(root, 'app'), PUNIE_LOCAL_ENDPOINTS: endpoints.join(',') }, root);
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('punie models', () => {
  it('--json is the status value: llama.cpp with its model loaded, a closed port offline', async () => {
    const llama = await start({ profile: 'llama.cpp' });
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const r = await punie(['models', '--json'], [llama.baseURL, dead]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const status = serversStatusSchema.parse(JSON.parse(r.stdout));
    expect(status.endpoints[0]).toMatchObject({ url: llama.baseURL, kind: 'llama.cpp', state: 'online', models: [{ id: 'tiny-qwen2.gguf', loaded: true }] });
    expect(status.endpoints[1]).toMatchObject({ url: dead, state: 'offline' });
    expect(status).toMatchObject({ overall: 'ready', active: { url: llama.baseURL, model: 'tiny-qwen2.gguf' } });
  });

  it('prints each endpoint with its kind and state, a table of its models, and what local: uses', async () => {
    const lms = await start({ profile: 'lmstudio' });
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const r = await punie(['models'], [lms.baseURL, dead]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`LM Studio  ${lms.baseURL}  online`);
    expect(lines[1]).toMatch(/^ {2}MODEL +STATE +CONTEXT +MAX +TOOLS +QUANT$/);
    expect(lines[2]).toMatch(/^ {2}qwen\/qwen3-coder-30b +loaded +32768 loaded +262144 +yes +Q4_K_M$/);
    // Not loaded: the context LM Studio will load it with, not its maximum.
    expect(lines[3]).toMatch(/^ {2}google\/gemma-3-12b +not loaded — the first message loads it +4096 default +131072 +no +Q4_K_M$/);
    expect(lines[4]).toMatch(/^ {2}text-embedding-nomic-embed-text-v1\.5 +embeddings \(not for chat\) +2048 default +2048/);
    expect(lines[5]).toBe('  context: loaded = what the model is loaded with; default = what LM Studio loads it with unless told (another: punie models load MODEL --context N)');
    expect(r.stdout).toContain(`\n\n${dead}  not running — Nothing is listening at `);
    expect(r.stdout).toMatch(new RegExp(`\\n\\nlocal: uses qwen/qwen3-coder-30b on LM Studio \\(${lms.baseURL.replaceAll('.', '\\.')}\\)\\n$`));
  });

  it("a preset's context is what an mlx-lm model has, and says so", async () => {
    mkdirSync(join(root, 'app'), { recursive: true });
    writeFileSync(join(root, 'app', 'settings.json'), JSON.stringify({ modelPresets: { 'mlx-community/Qwen2.5-7B-Instruct-4bit': { contextLength: 16384 } } }));
    try {
      const mlx = await start({ profile: 'mlx-lm' });
      const r = await punie(['models'], [mlx.baseURL]);
      expect(r.stdout).toMatch(/mlx-community\/Qwen2\.5-7B-Instruct-4bit +.* 16384 preset /);
      expect(r.stdout).toMatch(/mlx-community\/Llama-3\.2-3B-Instruct-4bit +.* 32768 assumed /);
      expect(r.stdout).toContain('preset = your preset for the model;');
    } finally {
      rmSync(join(root, 'app'), { recursive: true, force: true });
    }
  });

  it('usage errors exit 2; --help prints the help', async () => {
    expect(await punie(['models', '--bogus'], [])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^punie: .*bogus/) });
    expect(await punie(['models', 'extra'], [])).toMatchObject({ code: 2 });
    expect((await punie(['models', '--help'], [])).stdout).toMatch(/^usage: punie models \[--json\]/);
  });
});

describe('modelsReport', () => {
  const at = 0;
  it('says where a context figure comes from: mlx-lm reports none, so the figure is assumed, and says so', () => {
    const status: ServersStatus = {
      overall: 'ready',
      endpoints: [
        {
          url: 'http://127.0.0.1:8080/v1',
          kind: 'mlx-lm',
          state: 'online',
          models: [{ id: 'mlx-community/Qwen3-8B-4bit', loaded: false, loadsOnDemand: true, type: 'llm', contextLength: 32768, contextSource: 'assumed' }],
          checkedAt: at,
        },
      ],
      checkedAt: at,
    };
    const report = modelsReport(status);
    expect(report).toMatch(/mlx-community\/Qwen3-8B-4bit .* 32768 assumed {2}- /);
    expect(report).toContain("  context: assumed = mlx-lm.server reports none, so Punie assumes 32768 (set the model's context in its preset in the app)");
  });

  it('says why local: fails when no model is loaded, naming the models', () => {
    const status: ServersStatus = {
      overall: 'no-model',
      endpoints: [
        {
          url: 'http://127.0.0.1:8080/v1',
          kind: 'llama.cpp',
          state: 'online',
          version: 'b7000',
          models: [{ id: 'tiny-a', loaded: false, type: 'llm', note: 'not loaded — load it on the server first' }],
          checkedAt: at,
        },
      ],
      ollama: { url: 'http://127.0.0.1:11434/v1', state: 'offline', models: [], lastError: { code: 'server-unavailable', message: 'Nothing is listening at 127.0.0.1:11434.' }, checkedAt: at },
      checkedAt: at,
    };
    expect(modelsReport(status)).toBe(
      [
        'llama.cpp  http://127.0.0.1:8080/v1  online (b7000)',
        '  MODEL   STATE                                     CONTEXT  MAX  TOOLS  QUANT',
        '  tiny-a  not loaded — load it on the server first  -        -    -      -',
        '',
        'Ollama  http://127.0.0.1:11434/v1  not running — Nothing is listening at 127.0.0.1:11434.',
        '',
        'local: fails — No model is loaded on llama.cpp at http://127.0.0.1:8080/v1. Models it has: tiny-a. Load one in the server first, then try again.',
      ].join('\n'),
    );
  });

  it('cuts very long ids', () => {
    const [, row] = modelTable([{ id: 'x'.repeat(100), loaded: true, type: 'llm' }]);
    expect(row!.startsWith(`  ${'x'.repeat(59)}…  loaded`)).toBe(true);
  });

  it('fits the terminal width and keeps columns aligned with wide model names', () => {
    const lines = modelTable(
      [
        { id: 'qwen/通义千问-coder-30b-instruct', loaded: true, type: 'llm', contextLength: 32768, toolUse: true, quantization: 'Q4_K_M' },
        { id: 'mlx-community/Qwen2.5-7B-Instruct-4bit', loaded: false, type: 'llm', note: 'loads on first message' },
      ],
      62,
    );
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(62);
    const contextColumn = lines.map((l) => textWidth(l.slice(0, l.search(/CONTEXT|32768|-  /))));
    expect(new Set(contextColumn).size).toBe(1);
  });
});
