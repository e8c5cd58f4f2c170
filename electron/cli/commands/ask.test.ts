import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { textTurn, toolTurn } from '../../../e2e/fake-server/script';
import { agentEventSchema } from '../../../shared/agentEvents';
import { ConversationStore } from '../../core/store/conversationStore';
import type { CliContext } from '../cliContext';
import { runCli } from '../runCli';
import { testContext } from '../../../test/support/cli/testIo';

/** `punie ask` in process: the agent loop, permissions, history, against the fake server. */

const root = mkdtempSync(join(tmpdir(), 'punie-ask-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let serial = 0;
let ws: string;
let home: string;
let server: FakeServer;
let spec: string;

beforeEach(async () => {
  serial += 1;
  ws = join(root, `ws-${serial}`);
  home = join(root, `home-${serial}`);
  mkdirSync(ws);
  writeFileSync(join(ws, 'notes.txt'), 'Ship on Friday.\n');
  server = await startFakeServer({ profile: 'llama.cpp', models: [{ id: 'm' }] });
  spec = `local:${server.baseURL}/m`;
});
afterEach(async () => {
  await server.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function punie(argv: string[], tweak: (ctx: CliContext) => void = () => undefined, signal?: AbortSignal): Promise<Run> {
  const { ctx, stdout, stderr } = testContext({ PUNIE_HOME: home }, ws, signal);
  tweak(ctx);
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const ask = (prompt: string, ...flags: string[]) => punie(['ask', prompt, '--model', spec, ...flags]);

async function conversations() {
  const store = new ConversationStore({ dataDir: home });
  try {
    const signal = new AbortController().signal;
    const list = await store.list({}, signal);
    return await Promise.all(list.map((c) => store.get(c.id, signal)));
  } finally {
    await store.close();
  }
}

/** A terminal stand-in on stdin: answers each "Allow?" question written to stderr with the next line. */
function terminal(answers: string[]) {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  return (ctx: CliContext) => {
    const stderr = ctx.stderr;
    ctx.stdin = input;
    ctx.stderr = {
      isTTY: false,
      write(chunk: string) {
        if (chunk.includes('Allow?')) {
          const next = answers.shift();
          setImmediate(() => (next === undefined ? input.end() : input.write(`${next}\n`)));
        }
        return stderr.write(chunk);
      },
    };
  };
}

describe('punie ask runs the agent', () => {
  it('reads a file, answers from it, and traces the call on stderr', async () => {
    server.setScript([{ chunks: [{ text: 'Let me look.' }, { toolCalls: [{ name: 'read_file', arguments: '{"path":"notes.txt"}' }] }] }, textTurn('It says: Ship on Friday.')]);
    const r = await ask('What does notes.txt say?');
    expect(r.code).toBe(0);
    // Each turn's text on its own line.
    expect(r.stdout).toBe('Let me look.\nIt says: Ship on Friday.\n');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^✓ read_file notes\.txt → 1 line \(\d+ ms\)$/);
    expect(lines[1]).toMatch(/^m · first token .* out tokens · .* total$/);
    expect(lines).toHaveLength(2);
  });

  it('--json carries every event, tool calls included, each well-formed', async () => {
    server.setScript([toolTurn([{ name: 'read_file', arguments: '{"path":"notes.txt"}' }]), textTurn('Done.')]);
    const r = await ask('Read it', '--json');
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => agentEventSchema.parse(JSON.parse(l)));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run-start');
    expect(types.at(-1)).toBe('run-finish');
    for (const t of ['turn-start', 'tool-call-start', 'tool-call-args-delta', 'tool-call-ready', 'tool-result', 'text-delta', 'usage'] as const) expect(types).toContain(t);
    expect(events[0]).toMatchObject({ type: 'run-start', workspace: ws });
    expect(r.stderr).toMatch(/^✓ read_file notes\.txt/m);
  });

  it('on a terminal, asks before writing: y writes, n does not', async () => {
    for (const [answer, written] of [
      ['y', true],
      ['n', false],
    ] as const) {
      rmSync(join(ws, 'todo.txt'), { force: true });
      server.setScript([toolTurn([{ name: 'write_file', arguments: '{"path":"todo.txt","content":"ship\\n"}' }]), textTurn('Done.')]);
      const r = await punie(['ask', 'Save a todo', '--model', spec], terminal([answer]));
      expect(r.code).toBe(0);
      expect(existsSync(join(ws, 'todo.txt'))).toBe(written);
      expect(r.stderr).toContain('Punie wants to:');
      expect(r.stderr).toContain('+++ b/todo.txt');
      // (A real terminal echoes the typed answer and its newline; this stand-in does not.)
      expect(r.stderr).toMatch(written ? /✓ write_file todo\.txt → created/ : /✗ write_file todo\.txt → denied by the user/);
    }
  });

  it('--model "" is a usage error: exit 2, no run', async () => {
    const r = await punie(['ask', 'hi', '--model', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--model needs a spec/);
    expect(server.requests).toEqual([]);
  });

  it('a missing cloud key: exit 5, and the hint names the environment variable, not Settings', async () => {
    const r = await punie(['ask', 'hi', '--model', 'openai:gpt-4.1']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/No OpenAI API key is set\./);
    expect(r.stderr).toMatch(/Set OPENAI_API_KEY in the environment/);
    expect(r.stderr).not.toMatch(/Settings →/);
  });

  it('--yes approves every tool call', async () => {
    server.setScript([toolTurn([{ name: 'edit_file', arguments: '{"path":"notes.txt","old_text":"Friday","new_text":"Monday"}' }]), textTurn('Edited.')]);
    const r = await ask('Move it to Monday', '--yes');
    expect(r.code).toBe(0);
    expect(readFileSync(join(ws, 'notes.txt'), 'utf8')).toBe('Ship on Monday.\n');
  });

  it("never lets the tools into Punie's data folder, even inside the workspace", async () => {
    home = join(ws, '.punie');
    expect((await punie(['ask', 'hi', '--model', 'test'])).code).toBe(0);
    const [first] = readdirSync(join(home, 'history', 'conversations'));
    server.setScript([toolTurn([{ name: 'read_file', arguments: JSON.stringify({ path: `.punie/history/conversations/${first}` }) }]), textTurn('I may not read that.')]);
    const r = await ask('Read my history');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^✗ read_file \.punie\/history\/conversations\/.* → outside-workspace: /m);
    expect(JSON.stringify(server.chatRequests()[1]?.body)).toContain("is in Punie's own data folder, which tools may not use");
  });

  it('--max-turns ends a run that keeps calling tools (exit 1, message on stderr)', async () => {
    server.setScript([toolTurn([{ name: 'read_file', arguments: '{"path":"notes.txt"}' }]), toolTurn([{ name: 'read_file', arguments: '{"path":"notes.txt"}' }])]);
    const r = await ask('Loop', '--max-turns', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^punie: .*turn/im);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('punie ask keeps history', () => {
  it('records each ask; --continue goes on with the latest, --conversation with the one named', async () => {
    server.setScript([textTurn('About cats.'), textTurn('About dogs.'), textTurn('More on cats.'), textTurn('More on dogs.')]);
    expect((await ask('Tell me about cats')).code).toBe(0);
    expect((await ask('Tell me about dogs')).code).toBe(0);
    const [dogs, cats] = await conversations();
    expect(dogs?.title).toBe('Tell me about dogs');
    expect(cats?.title).toBe('Tell me about cats');

    const more = await ask('More on cats', '--conversation', cats!.id);
    expect(more.code).toBe(0);
    expect(JSON.stringify(server.chatRequests()[2]?.body)).toContain('About cats.');
    expect(JSON.stringify(server.chatRequests()[2]?.body)).not.toContain('About dogs.');

    const latest = await ask('And dogs?', '--continue');
    expect(latest.stderr).toContain(`punie: continuing "Tell me about cats" (${cats!.id})`);
    expect(JSON.stringify(server.chatRequests()[3]?.body)).toContain('More on cats.');

    const after = await conversations();
    expect(after).toHaveLength(2);
    expect(after.find((c) => c.id === cats!.id)?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
  });

  it('an unknown --conversation id, or --continue with no history: exit 1 with a hint', async () => {
    const unknown = await ask('hi', '--conversation', 'no-such-id');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^punie: This conversation does not exist.*\n {2}Run `punie history`/);
    const nothing = await ask('hi', '--continue');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/^punie: There is no conversation in .* to continue yet\.\n {2}Start one without --continue/);
    expect(server.chatRequests()).toHaveLength(0);
  });

  it('--no-history keeps nothing on disk', async () => {
    server.setScript([textTurn('Forgotten.')]);
    const r = await ask('hi', '--no-history');
    expect(r).toMatchObject({ code: 0, stdout: 'Forgotten.\n' });
    expect(existsSync(home)).toBe(false);
  });

  it('Ctrl-C mid-answer: exit 130, and the partial answer is in the history', async () => {
    server.setScript([textTurn(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '), { chunkDelayMs: 10 })]);
    const controller = new AbortController();
    const r = await punie(
      ['ask', 'Long one', '--model', spec],
      (ctx) => {
        const stdout = ctx.stdout;
        let chunks = 0;
        ctx.stdout = { write: (text: string) => (++chunks === 5 && controller.abort(), stdout.write(text)) };
      },
      controller.signal,
    );
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/stopped/);
    const [c] = await conversations();
    const answer = c?.messages[1];
    expect(answer).toMatchObject({ role: 'assistant', status: 'aborted' });
    expect(answer?.content).toBe(r.stdout.trimEnd());
    expect(answer?.content.length).toBeGreaterThan(0);
  });

  it('tells about an unreadable conversation once, and goes on', async () => {
    server.setScript([textTurn('First.'), textTurn('Second.')]);
    expect((await ask('First')).code).toBe(0);
    writeFileSync(join(home, 'history', 'conversations', 'broken.jsonl'), Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x0a]));
    const once = await ask('Again', '--continue');
    expect(once.code).toBe(0);
    expect(once.stderr.match(/1 conversation could not be read; it was kept at .*quarantine/g)).toHaveLength(1);
    const twice = await ask('Again', '--continue');
    expect(twice.stderr).not.toMatch(/could not be read/);
  });

  it('when the history folder cannot be written, the answer still comes, with a notice', async () => {
    writeFileSync(join(root, `file-${serial}`), 'not a folder');
    home = join(root, `file-${serial}`);
    server.setScript([textTurn('Answered anyway.')]);
    const r = await ask('hi');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Answered anyway.\n');
    expect(r.stderr).toMatch(/^punie: this conversation is not being saved: could not write to .*\n {2}.*--no-history/);
  });
});
