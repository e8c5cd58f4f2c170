import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../e2e/fake-server/closedPort';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { serversStatusSchema } from '../../../shared/serverStatusSchema';
import type { EndpointStatus, ServersStatus } from '../../../shared/serverStatus';
import { runCli } from '../runCli';
import { testContext } from '../../../test/support/cli/testIo';
import { parseStatusArgs, statusLine } from './status';

const root = mkdtempSync(join(tmpdir(), 'punie-status-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const start = useFakeServers();

function context(endpoints: string[], signal?: AbortSignal) {
  return testContext({ PUNIE_HOME: join(root, 'home'), PUNIE_LOCAL_ENDPOINTS: endpoints.join(',') }, root, signal);
}
async function punie(argv: string[], endpoints: string[]) {
  const { ctx, stdout, stderr } = context(endpoints);
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('punie status', () => {
  it('ready: one line naming the model and server, exit 0', async () => {
    const llama = await start({ profile: 'llama.cpp' });
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const r = await punie(['status'], [dead, llama.baseURL]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ready — ${escape(dead)} not running; tiny-qwen2\\.gguf on llama\\.cpp \\(${escape(llama.baseURL)}\\)(; Ollama .*)?\\n$`));
  });

  it('no-model: exit 4, naming the models the server has', async () => {
    const router = await start({ profile: 'llama.cpp', router: true, models: [{ id: 'tiny-a', loaded: false }] });
    const r = await punie(['status'], [router.baseURL]);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^no-model — llama\.cpp \(.*\) has no model loaded \(it has tiny-a\)/);
  });

  it('offline: exit 3; a silent port is reported as not answering and the command completes', async () => {
    const hole = await start({ hangAll: true });
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const r = await punie(['status'], [dead, hole.baseURL]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(new RegExp(`^offline — ${escape(dead)} not running; ${escape(hole.baseURL)} not answering`));
  });

  it('--json prints the status value on one line', async () => {
    const lms = await start({ profile: 'lmstudio' });
    const r = await punie(['status', '--json'], [lms.baseURL]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(serversStatusSchema.parse(JSON.parse(r.stdout))).toMatchObject({ overall: 'ready', active: { kind: 'lmstudio', model: 'qwen/qwen3-coder-30b' } });
  });

  it('--watch prints a line per change until Ctrl-C, then exits 0', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/v1`;
    const controller = new AbortController();
    const { ctx, stdout } = context([url], controller.signal);
    let onLine = () => {};
    const write = stdout.write.bind(stdout);
    ctx.stdout = { write: (text: string) => (write(text), onLine(), true) };
    const lines = () => stdout.text.split('\n').filter(Boolean);
    const until = (n: number) =>
      new Promise<void>((resolve) => {
        onLine = () => lines().length >= n && resolve();
        onLine();
      });
    const run = runCli(['status', '--watch', '--interval', '0.1'], ctx);
    await until(1);
    const server = await start({ profile: 'llama.cpp', port });
    await until(2);
    await server.close();
    await until(3);
    controller.abort();
    expect(await run).toBe(0);
    expect(lines().map((l) => l.replace(/^\d\d:\d\d:\d\d /, '').split(' — ')[0])).toEqual(['offline', 'ready', 'offline']);
    expect(lines()[1]).toMatch(/^\d\d:\d\d:\d\d ready — tiny-qwen2\.gguf on llama\.cpp/);
  });

  it('--watch --json prints each changed status as one JSON line', async () => {
    const llama = await start({ profile: 'llama.cpp' });
    const controller = new AbortController();
    const { ctx, stdout } = context([llama.baseURL], controller.signal);
    const write = stdout.write.bind(stdout);
    ctx.stdout = { write: (text: string) => (write(text), controller.abort(), true) };
    expect(await runCli(['status', '--watch', '--json'], ctx)).toBe(0);
    expect(serversStatusSchema.parse(JSON.parse(stdout.text))).toMatchObject({ overall: 'ready', active: { url: llama.baseURL } });
  });

  it('usage: --interval needs --watch and a sensible number', () => {
    expect(() => parseStatusArgs(['--interval', '1'])).toThrow(/--interval goes with --watch/);
    expect(() => parseStatusArgs(['--watch', '--interval', 'soon'])).toThrow(/from 0\.1 to 3600/);
    expect(() => parseStatusArgs(['--watch', '--interval', '0'])).toThrow(/from 0\.1 to 3600/);
    expect(parseStatusArgs(['--watch', '--interval', '0.5'])).toEqual({ json: false, watch: true, intervalMs: 500 });
    expect(parseStatusArgs(['--help'])).toBe('help');
  });
});

describe('statusLine', () => {
  const e = (url: string, extra: Partial<EndpointStatus>): EndpointStatus => ({ url, state: 'online', models: [], checkedAt: 0, ...extra });
  it('describes every endpoint, and Ollama when it answers', () => {
    const status: ServersStatus = {
      overall: 'ready',
      endpoints: [
        e('http://a/v1', { kind: 'lmstudio', models: [{ id: 'q', loaded: false, type: 'llm', loadsOnDemand: true }] }),
        e('http://b/v1', { kind: 'mlx-lm', models: [{ id: 'm', loaded: true, type: 'llm' }] }),
        e('http://c/v1', { kind: 'llama.cpp', models: [{ id: 'l', loaded: true, type: 'llm' }] }),
        e('http://d/v1', { state: 'error', lastError: { code: 'auth-failed', message: 'The server at d wants an API key to list its models.' } }),
      ],
      active: { url: 'http://b/v1', kind: 'mlx-lm', model: 'm' },
      ollama: e('http://127.0.0.1:11434/v1', { kind: 'ollama', models: [{ id: 'qwen3:8b', loaded: false, type: 'llm' }] }),
      checkedAt: 0,
    };
    expect(statusLine(status)).toBe(
      'ready — LM Studio (http://a/v1) has no model loaded (it has q); m on mlx-lm.server (http://b/v1); llama.cpp (http://c/v1) has l loaded; ' +
        'http://d/v1: The server at d wants an API key to list its models.; Ollama (http://127.0.0.1:11434/v1) has 1 model (ollama:<model>)',
    );
  });

  it('with no endpoints configured', () => {
    expect(statusLine({ overall: 'offline', endpoints: [], checkedAt: 0 })).toBe('offline — no local endpoints configured');
  });
});
