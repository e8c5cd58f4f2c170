import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { loadStepSchema } from '../../../shared/modelLoad';
import { testContext } from '../../../test/support/cli/testIo';
import { runCli } from '../runCli';
import { parseLoadArgs } from './modelsLoad';

const root = mkdtempSync(join(tmpdir(), 'punie-models-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const start = useFakeServers();

async function punie(argv: string[], endpoints: string[], signal?: AbortSignal) {
  const { ctx, stdout, stderr } = testContext({ PUNIE_HOME: join(root, 'home'), PUNIE_LOCAL_ENDPOINTS: endpoints.join(','), HOME: join(root, 'nobody') }, root, signal);
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('punie models load / unload', () => {
  it('loads a model on the first server that lists it, with the context asked for, showing progress', async () => {
    const llama = await start({ profile: 'llama.cpp' });
    const lms = await start({ profile: 'lmstudio', loadDelayMs: 150 });
    const r = await punie(['models', 'load', 'google/gemma-3-12b', '--context', '16384'], [llama.baseURL, lms.baseURL]);
    expect(r.code).toBe(0);
    const where = `LM Studio (${lms.origin.replace('http://', '')})`;
    expect(r.stdout).toMatch(new RegExp(`^Loaded google/gemma-3-12b on ${where.replace(/[().]/g, '\\$&')} with 16,384 tokens of context in \\d+\\.\\d s \\(LM Studio's REST API\\)\\.\\n$`));
    expect(r.stderr).toContain(`google/gemma-3-12b on ${where}: Loading with 16,384 tokens of context… (0 s)\n`);
    expect(lms.controlLog).toEqual(['load google/gemma-3-12b 16384']);
  });

  it('takes a spec naming the server; reload unloads first; unload; each says what it did', async () => {
    const lms = await start({ profile: 'lmstudio', loadDelayMs: 20 });
    const spec = `local:${lms.baseURL}/qwen/qwen3-coder-30b`;
    expect((await punie(['models', 'load', spec, '--context', '65536'], [])).code).toBe(0);
    expect(lms.controlLog).toEqual(['unload qwen/qwen3-coder-30b', 'load qwen/qwen3-coder-30b 65536']);
    expect((await punie(['models', 'load', spec, '--context', '65536'], [])).stdout).toMatch(/^qwen\/qwen3-coder-30b is loaded on LM Studio \(.*\) with 65,536 tokens of context already\.\n$/);
    const unload = await punie(['models', 'unload', 'qwen/qwen3-coder-30b', '--server', lms.origin], []);
    expect(unload).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Unloaded qwen\/qwen3-coder-30b on LM Studio/) });
    expect((await punie(['models', 'unload', spec], [])).stdout).toMatch(/is not loaded on LM Studio/);
  });

  it('--json prints every step as a JSON line', async () => {
    const lms = await start({ profile: 'lmstudio', loadDelayMs: 30 });
    const r = await punie(['models', 'load', 'google/gemma-3-12b', '--json'], [lms.baseURL]);
    const steps = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(steps.map((s) => loadStepSchema.parse(s).phase)).toEqual(['loading', 'loaded']);
    expect(steps[0]).toMatchObject({ model: 'google/gemma-3-12b', via: 'lmstudio-rest' });
  });

  it('Ctrl-C cancels: exit 130, and what LM Studio brought up anyway is unloaded', async () => {
    const lms = await start({ profile: 'lmstudio', loadDelayMs: 300 });
    const controller = new AbortController();
    const arrived = setInterval(() => lms.requests.some((q) => q.path === '/api/v1/models/load') && controller.abort(), 5);
    const r = await punie(['models', 'load', 'google/gemma-3-12b'], [lms.baseURL], controller.signal);
    clearInterval(arrived);
    expect(r).toMatchObject({ code: 130, stderr: expect.stringContaining('punie: Load cancelled.\n') });
    expect(lms.controlLog).toEqual(['load google/gemma-3-12b', 'unload google/gemma-3-12b']);
  });

  it("a model's name with terminal controls in it is shown, not obeyed", async () => {
    const evil = 'evil\u001b]0;pwned\u0007/model';
    const lms = await start({ profile: 'lmstudio', lmstudioApi: 'v1', loadDelayMs: 10, models: [{ id: evil, loaded: false }] });
    const r = await punie(['models', 'load', evil], [lms.baseURL]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('\u001b');
    expect(r.stdout).toContain('evil␛]0;pwned␇/model');
  });

  it('servers that cannot load models, and models nobody lists: one line each, with the right exit code', async () => {
    const mlx = await start({ profile: 'mlx-lm' });
    const r = await punie(['models', 'load', 'mlx-community/Qwen2.5-7B-Instruct-4bit'], [mlx.baseURL]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/^punie: mlx-lm\.server at [^\n]+ loads a model when a message names it; it cannot load or unload one on its own\.\n$/);
    expect(await punie(['models', 'load', 'nope/model'], [mlx.baseURL])).toMatchObject({ code: 4, stderr: expect.stringContaining('No local server lists nope/model.') });
  });

  it('usage errors exit 2; help', async () => {
    expect(await punie(['models', 'load'], [])).toMatchObject({ code: 2, stderr: expect.stringContaining('Name the model to load.') });
    expect(await punie(['models', 'load', 'm', '--context', '4k'], [])).toMatchObject({ code: 2, stderr: expect.stringContaining('--context must be a whole number of tokens') });
    expect(await punie(['models', 'unload', 'm', '--context', '4096'], [])).toMatchObject({ code: 2 });
    expect((await punie(['models', 'load', '--help'], [])).stdout).toMatch(/^usage: punie models load MODEL \[--context N\]/);
  });
});

describe('parseLoadArgs', () => {
  it('reads a model id, a spec, --server, --context', () => {
    expect(parseLoadArgs('load', ['qwen/qwen3-8b', '--context', '8192'])).toEqual({ action: 'load', model: 'qwen/qwen3-8b', contextLength: 8192, json: false });
    expect(parseLoadArgs('unload', ['local:http://127.0.0.1:1234/qwen/qwen3-8b'])).toEqual({ action: 'unload', model: 'qwen/qwen3-8b', server: 'http://127.0.0.1:1234/v1', json: false });
    expect(parseLoadArgs('load', ['m', '--server', 'http://localhost:8080'])).toMatchObject({ server: 'http://localhost:8080/v1' });
    expect(() => parseLoadArgs('load', ['local:', '--context', '8192'])).toThrow(/names no model/);
    expect(() => parseLoadArgs('load', ['m', '--context', '100'])).toThrow(/from 256/);
    expect(() => parseLoadArgs('load', ['m', '--server', 'ftp://x'])).toThrow(/--server must be/);
  });
});
