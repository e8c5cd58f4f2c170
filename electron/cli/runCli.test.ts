import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closedPort } from '../../e2e/fake-server/closedPort';
import { startFakeServer, type FakeServer } from '../../e2e/fake-server/fakeServer';
import { textTurn } from '../../e2e/fake-server/script';
import { agentEventSchema } from '../../shared/agentEvents';
import { TEST_MODEL_REPLY } from '../core/models/testModel';
import { COMMANDS } from './commands/registry';
import { runCli } from './runCli';
import { testContext } from '../../test/support/cli/testIo';

const workspace = mkdtempSync(join(tmpdir(), 'punie-cli-'));
const home = mkdtempSync(join(tmpdir(), 'punie-cli-home-'));
afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function punie(argv: string[], env: Record<string, string | undefined> = {}, signal?: AbortSignal) {
  const { ctx, stdout, stderr } = testContext({ PUNIE_HOME: home, ...env }, workspace, signal);
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('punie (in process)', () => {
  it('prints help and the version', async () => {
    const help = await punie(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage: punie <command>/);
    expect(help.stdout).toMatch(/ask\s+run the agent on a prompt/);
    expect(help.stdout).toMatch(/history\s+list your conversations/);
    expect((await punie(['ask', '--help'])).stdout).toMatch(/usage: punie ask PROMPT/);
    expect((await punie(['help', 'ask'])).stdout).toMatch(/--max-turns N/);
    expect((await punie(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect((await punie(['version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('lists every command in --help with the summary the command gives itself, and shows its own help for each', async () => {
    const help = (await punie(['--help'])).stdout;
    const lines = help.split('\n');
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(lines.some((l) => l.startsWith(`  ${command.name} `) && l.trimEnd().endsWith(`  ${command.summary}`) && l.slice(2 + command.name.length).trim() === command.summary)).toBe(true);
      const own = await punie(['help', command.name]);
      expect(own).toMatchObject({ code: 0, stdout: `${command.help}\n` });
      expect(command.help).toContain(`punie ${command.name}`);
    }
  });

  it('rejects an unknown command with exit 2', async () => {
    const r = await punie(['frobnicate']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('ask --model test streams the canned answer, then one stats line on stderr', async () => {
    const r = await punie(['ask', 'hi', '--model', 'test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${TEST_MODEL_REPLY}\n`);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/first token \d+\.\d\ds · \d+\.\d tok\/s · \d+ in \/ \d+ out tokens · \d+\.\d\ds total/);
  });

  it('ask takes the model from $PUNIE_MODEL', async () => {
    expect((await punie(['ask', 'hi'], { PUNIE_MODEL: 'test' })).stdout).toBe(`${TEST_MODEL_REPLY}\n`);
  });

  it('--json prints every event as one JSON line, ending in run-finish', async () => {
    const r = await punie(['ask', 'hi', '--model', 'test', '--json']);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((line) => agentEventSchema.parse(JSON.parse(line)));
    expect(events[0]!.type).toBe('run-start');
    expect(events.at(-1)!.type).toBe('run-finish');
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.delta : '')).join('')).toBe(TEST_MODEL_REPLY);
    expect(new Set(events.map((e) => e.runId)).size).toBe(1);
  });

  it('streams from a local server found through $PUNIE_LOCAL_ENDPOINTS', async () => {
    const server = await startFakeServer({ profile: 'llama.cpp', script: [textTurn('From the fake llama.', { usage: { promptTokens: 9, completionTokens: 5 } })] });
    servers.push(server);
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const r = await punie(['ask', 'hi', '--model', 'local:'], { PUNIE_LOCAL_ENDPOINTS: `${dead},${server.baseURL}` });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('From the fake llama.\n');
    expect(r.stderr).toMatch(/^tiny-qwen2\.gguf · first token .* · 9 in \/ 5 out tokens/);
  });

  it('nothing listening: the server-unavailable message and exit 3', async () => {
    const urls = [`http://127.0.0.1:${await closedPort()}/v1`, `http://127.0.0.1:${await closedPort()}/v1`];
    const r = await punie(['ask', 'hi', '--model', 'local:'], { PUNIE_LOCAL_ENDPOINTS: urls.join(',') });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^punie: Local model server not available\\. Start LM Studio or mlx-lm\\.server first\\. Tried: ${urls.join(', ').replaceAll('.', '\\.')}\\.`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a model that is not loaded: exit 4', async () => {
    const server = await startFakeServer({ profile: 'llama.cpp', router: true, models: [{ id: 'a.gguf', loaded: false }] });
    servers.push(server);
    const r = await punie(['ask', 'hi', '--model', `local:${server.baseURL}/a.gguf`]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/not loaded/);
  });

  it('a missing key: exit 5 naming the variable', async () => {
    const r = await punie(['ask', 'hi', '--model', 'openai:gpt-4.1']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/OPENAI_API_KEY/);
  });

  it('usage errors and invalid specs: exit 2 with a message', async () => {
    for (const argv of [['ask'], ['ask', 'hi', '--model', 'openai:'], ['ask', 'hi', '--max-turns', '0'], ['ask', 'hi', '--bogus'], ['ask', 'hi', '--allow', 'rm_rf'], ['ask', 'hi', '--workspace', join(workspace, 'missing')]]) {
      const r = await punie(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/^punie: /);
    }
    expect((await punie(['ask', 'hi', '--model', 'local:ftp://x'])).stderr).toMatch(/Valid forms:/);
  });

  it('accepts --yes, --allow and --max-turns', async () => {
    expect((await punie(['ask', 'hi', '-m', 'test', '--yes', '--allow', 'write_file,run_command', '--max-turns', '3'])).code).toBe(0);
  });

  it('an abort (Ctrl-C) mid-stream exits 130 and closes the connection', async () => {
    const server = await startFakeServer({ profile: 'lmstudio', script: [textTurn(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '), { chunkDelayMs: 20 })] });
    servers.push(server);
    const controller = new AbortController();
    const { ctx, stdout, stderr } = testContext({ PUNIE_HOME: home }, workspace, controller.signal);
    // Ctrl-C as soon as the answer starts.
    const write = stdout.write.bind(stdout);
    ctx.stdout = { write: (text: string) => (controller.abort(), write(text)) };
    const code = await runCli(['ask', 'hi', '--model', `local:${server.baseURL}`], ctx);
    expect(code).toBe(130);
    expect(stdout.text.split(' ').length).toBeLessThan(10);
    expect(stderr.text).toMatch(/stopped/);
    await server.chatRequests()[0]!.done;
    expect(server.chatRequests()[0]!.clientClosedEarly).toBe(true);
  });

  it('a server dying mid-stream: the partial answer stays on stdout, stream-broken on stderr', async () => {
    const server = await startFakeServer({ profile: 'mlx-lm', script: [{ chunks: [{ text: 'Partial' }, { text: ' answer' }, { die: true }] }] });
    servers.push(server);
    const r = await punie(['ask', 'hi', '--model', `local:${server.baseURL}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Partial answer\n');
    expect(r.stderr).toMatch(/closed the stream before the answer was complete/);
  });
});
